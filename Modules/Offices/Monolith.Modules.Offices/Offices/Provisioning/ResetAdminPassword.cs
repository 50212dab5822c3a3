using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Modules;
using Monolith.Modules.Offices.Users;

namespace Monolith.Modules.Offices.Offices.Provisioning;

/// <summary><c>dotnet run --project Host/Monolith.Host -- reset-admin-password [officeId]</c> (default office: <c>demo</c>): gives the
/// office's first administrator a new random password and prints it once — for a newcomer who lost the credentials printed on first
/// start. Run it with the host stopped (same data folder and settings); the new password works once the host has started again.
/// It only needs access to the server's data, which is the access that already decides everything.</summary>
internal sealed class ResetAdminPasswordCommand(CommandHandler handler, UserService users) : IHostCommand
{
    public const string CommandName = "reset-admin-password";

    public string Name => CommandName;

    /// <summary>Where the new password is printed (the console; a test reads it from a writer of its own).</summary>
    public TextWriter Output { get; init; } = Console.Out;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var officeId = args.Count > 0 ? args[0] : DemoOfficeBootstrap.OfficeId;
        var adminId = OfficeProvisioning.FirstAdminId(officeId);
        var admin = await handler.LoadAsync(User.Decider, User.StreamId(adminId), officeId, ct: ct);
        if (!admin.Exists || admin.State.Email is not { } email)
        {
            await Console.Error.WriteLineAsync($"No office '{officeId}' with a first administrator in this data folder: nothing reset.");
            return 1;
        }

        var password = DemoOfficeBootstrap.NewPassword();
        await users.ChangePasswordAsync(adminId, email, password, new CommandContext(officeId, CommandName, Guid.NewGuid()), ct);
        await Output.WriteLineAsync($$"""

            ================================================================
             New password of the first administrator (shown once):
               office:   {{officeId}}
               e-mail:   {{email}}
               password: {{password}}
             Start the host again and sign in; the old password and every open session no longer work.
            ================================================================

            """);
        return 0;
    }
}
