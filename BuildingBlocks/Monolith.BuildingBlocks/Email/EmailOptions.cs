namespace Monolith.BuildingBlocks.Email;

/// <summary>Configuration section <c>Email</c>.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    /// <summary><c>outbox</c> (default: .eml files under <c>{dataFolder}/outbox/{tenant}/</c>) or <c>smtp</c>.</summary>
    public string Adapter { get; set; } = "outbox";

    /// <summary>Default sender, e.g. <c>Office de Tourisme &lt;no-reply@example.org&gt;</c>.</summary>
    public string From { get; set; } = "Office de Tourisme <no-reply@localhost>";

    /// <summary>Right-hand side of generated Message-IDs.</summary>
    public string MessageIdDomain { get; set; } = "monolith.local";

    /// <summary>Where the outbox adapter writes. Set by <c>AddEmail(configuration, dataFolder)</c>.</summary>
    public string OutboxFolder { get; set; } = "outbox";

    /// <summary>Days the outbox keeps a message file before the daily retention job deletes it (0: kept for ever).</summary>
    public int OutboxRetentionDays { get; set; } = 90;

    public SmtpOptions Smtp { get; set; } = new();
}

/// <summary>Section <c>Email:Smtp</c>. The password is never logged (<see cref="ToString"/> masks it).</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 587;

    public bool EnableSsl { get; set; } = true;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public int TimeoutSeconds { get; set; } = 30;

    public override string ToString() =>
        $"{Host}:{Port} ssl={EnableSsl} user={UserName ?? "(none)"} password={(string.IsNullOrEmpty(Password) ? "(none)" : "***")}";
}
