using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Monolith.BuildingBlocks.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IEmailSender"/> (by <c>Email:Adapter</c>: <c>outbox</c> → .eml files under
    /// <c>{dataFolder}/outbox/{tenant}/</c>, the default; <c>smtp</c> → <c>Email:Smtp</c>) and the <see cref="INotifier"/>
    /// (needs an <c>IEventStore</c> and <c>AddTemplates()</c>).</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration? configuration, string dataFolder, Action<EmailOptions>? configure = null)
    {
        var options = new EmailOptions();
        configuration?.GetSection(EmailOptions.SectionName).Bind(options);
        options.OutboxFolder = Path.GetFullPath(Path.Combine(dataFolder, "outbox"));
        configure?.Invoke(options);

        services.TryAddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        switch (options.Adapter.Trim().ToLowerInvariant())
        {
            case "outbox":
                services.TryAddSingleton<IEmailSender, EmlOutboxEmailSender>();
                break;
            case "smtp":
                services.TryAddSingleton<IEmailSender, SmtpEmailSender>();
                break;
            default:
                throw new InvalidOperationException($"Email:Adapter '{options.Adapter}' is not one of: outbox, smtp.");
        }

        services.TryAddSingleton<INotifier, Notifier>();
        return services;
    }

    /// <summary>The same, with the configuration and the data folder resolved from the container when first needed (the host's
    /// <c>AddDataFolder</c>), so a test host can override <c>Data:Folder</c> and <c>Email:*</c> after registration.</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services, Action<EmailOptions>? configure = null)
    {
        services.TryAddSingleton(sp =>
        {
            var options = new EmailOptions();
            sp.GetService<IConfiguration>()?.GetSection(EmailOptions.SectionName).Bind(options);
            options.OutboxFolder = Path.Combine(sp.GetRequiredService<Http.DataFolder>().Path, "outbox");
            configure?.Invoke(options);
            return options;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EmlOutboxEmailSender>();
        services.TryAddSingleton<SmtpEmailSender>();
        services.TryAddSingleton<IEmailSender>(sp => sp.GetRequiredService<EmailOptions>().Adapter.Trim().ToLowerInvariant() switch
        {
            "outbox" => sp.GetRequiredService<EmlOutboxEmailSender>(),
            "smtp" => sp.GetRequiredService<SmtpEmailSender>(),
            var other => throw new InvalidOperationException($"Email:Adapter '{other}' is not one of: outbox, smtp."),
        });
        services.TryAddSingleton<INotifier, Notifier>();
        return services;
    }
}
