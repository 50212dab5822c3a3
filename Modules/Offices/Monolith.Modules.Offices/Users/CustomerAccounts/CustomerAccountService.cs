using System.Security.Cryptography;
using System.Text;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Offices.Users.CustomerAccounts;

/// <summary>Customers' portal logins, created by the selling modules through <see cref="ICustomerAccounts"/>, with an invitation (a token
/// whose hash is kept) that the customer accepts by choosing a password (<see cref="Invitations.AcceptInvitationEndpoint"/>).</summary>
internal sealed class CustomerAccountService(CommandHandler handler, UserService users, TimeProvider time) : ICustomerAccounts
{
    public static readonly TimeSpan InvitationValidity = TimeSpan.FromDays(14);

    public async Task<CustomerAccount> CreateOrInviteAsync(NewCustomerAccount account, CancellationToken ct = default)
    {
        if (account.Email == BuildingBlocks.EventStore.Privacy.PersonalData.ErasedText || !System.Net.Mail.MailAddress.TryCreate(account.Email, out _))
        {
            throw new DomainRuleViolation("user.email-unusable", "Cette personne n'a pas d'adresse e-mail utilisable (ses données ont peut-être été effacées) : elle ne peut pas être invitée.");
        }

        var context = new CommandContext(account.TenantId, account.CreatedBy, Guid.NewGuid());
        var existing = await handler.LoadAsync(User.Decider, User.StreamId(account.AccountId), account.TenantId, ct: ct);
        if (!existing.Exists)
        {
            await users.RegisterAsync(
                new UserService.NewUser(account.AccountId, account.Email, account.DisplayName, [Roles.Customer], account.CustomerId, null), context, ct);
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var expires = now + InvitationValidity;
        await handler.HandleAsync(User.Decider, User.StreamId(account.AccountId), new InviteUser(HashToken(token), expires, now), context, CommandOptions.ExistingStream, ct);
        return new CustomerAccount(account.AccountId, token, expires, !existing.Exists);
    }

    internal static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
