using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Monolith.BuildingBlocks.Modules;

/// <summary>A maintenance command run instead of the web host: <c>dotnet run --project Host/Monolith.Host -- &lt;name&gt; [args]</c>
/// (e.g. <c>reset-admin-password</c>). Modules register theirs as singletons; the host runs the one named by the first argument.</summary>
public interface IHostCommand
{
    string Name { get; }

    /// <summary>Runs the command (nothing else of the host is started: no projection, job or HTTP listener) and returns the exit code.</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken ct);
}

public static class HostCommands
{
    /// <summary>When the first argument names a registered <see cref="IHostCommand"/>, runs it, sets the process exit code and returns
    /// true (the caller then exits instead of starting the web host); otherwise false.</summary>
    public static async Task<bool> TryRunCommandAsync(this WebApplication app, string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-') || args[0].Contains('=', StringComparison.Ordinal))
        {
            return false;
        }

        var command = app.Services.GetServices<IHostCommand>().FirstOrDefault(c => string.Equals(c.Name, args[0], StringComparison.Ordinal));
        if (command is null)
        {
            return false;
        }

        Environment.ExitCode = await command.RunAsync(args[1..], CancellationToken.None);
        return true;
    }
}
