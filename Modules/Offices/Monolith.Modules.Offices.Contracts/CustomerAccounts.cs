namespace Monolith.Modules.Offices.Contracts;

/// <summary>A portal login for a customer (a member, a subscriber's user, a berth holder). <paramref name="AccountId"/> is chosen by the
/// calling module and makes the call idempotent (e.g. a deterministic id from the member id); it becomes the user id and the data
/// subject of the account's personal data.</summary>
public sealed record NewCustomerAccount(string TenantId, string AccountId, string CustomerId, string Email, string DisplayName, string CreatedBy);

/// <summary>The account and a fresh invitation: put <see cref="InvitationToken"/> in the e-mail's link (the customer sets their
/// password with <c>POST /api/auth/invitations/acceptance</c>). Every unexpired invitation stays valid until one is used.</summary>
public sealed record CustomerAccount(string UserId, string InvitationToken, DateTimeOffset InvitationExpiresAt, bool Created);

/// <summary>Public door of the Offices module for the selling modules: creates customers' portal logins.</summary>
public interface ICustomerAccounts
{
    /// <summary>Creates the login if it does not exist yet (the e-mail must be free in the office, else a 409 rule violation
    /// <c>user.email-taken</c>), then issues an invitation valid 14 days.</summary>
    Task<CustomerAccount> CreateOrInviteAsync(NewCustomerAccount account, CancellationToken ct = default);
}
