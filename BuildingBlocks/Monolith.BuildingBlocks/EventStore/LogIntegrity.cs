namespace Monolith.BuildingBlocks.EventStore;

/// <summary>The host's verdict on its event log at start-up (ADR 0021). When the log went backwards (its head is behind a projection
/// checkpoint or behind the last closure anchored outside the database), the alarm is raised: the readiness check is unhealthy and
/// every append is refused, so no invoice number can be handed out twice. Only an operator clears it, by restoring the log and
/// restarting the host.</summary>
public sealed class LogIntegrity
{
    private volatile string? _alarm;

    /// <summary>Null while the log is sound; otherwise what was found, in French for the people who will read it.</summary>
    public string? Alarm => _alarm;

    public void Raise(string alarm)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alarm);
        _alarm = alarm;
    }

    /// <summary>Throws <see cref="LogRegressionException"/> when the alarm is raised.</summary>
    public void ThrowIfAlarmed()
    {
        if (_alarm is { } alarm)
        {
            throw new LogRegressionException(alarm);
        }
    }
}

/// <summary>A write refused because the event log went backwards (mapped to 503 problem details).</summary>
public sealed class LogRegressionException(string alarm)
    : InvalidOperationException("Enregistrement impossible : le journal des événements est revenu en arrière (" + alarm + "). Aucune écriture n'est acceptée tant que l'administrateur n'a pas restauré le journal.")
{
    public string Alarm { get; } = alarm;
}
