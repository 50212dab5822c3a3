using FluentAssertions;
using Monolith.BuildingBlocks.Deciders;

namespace Monolith.Testing;

/// <summary>Given/when/then for deciders:
/// <c>DeciderSpec.For(Order.Decider).Given(new OrderPlaced(...)).When(new ValidateOrder(...)).Then(new OrderValidated(...))</c>
/// or <c>.ThenThrows&lt;DomainRuleViolation&gt;("order.already-validated")</c>. Events are compared by value with their runtime types,
/// in strict order.</summary>
public static class DeciderSpec
{
    public static DeciderSpec<TCommand, TEvent, TState> For<TCommand, TEvent, TState>(Decider<TCommand, TEvent, TState> decider)
        where TEvent : notnull => new(decider, [], default, false);
}

public sealed class DeciderSpec<TCommand, TEvent, TState>
    where TEvent : notnull
{
    private readonly Decider<TCommand, TEvent, TState> _decider;
    private readonly IReadOnlyList<TEvent> _given;
    private readonly TCommand? _command;
    private readonly bool _hasCommand;

    internal DeciderSpec(Decider<TCommand, TEvent, TState> decider, IReadOnlyList<TEvent> given, TCommand? command, bool hasCommand)
    {
        _decider = decider;
        _given = given;
        _command = command;
        _hasCommand = hasCommand;
    }

    public DeciderSpec<TCommand, TEvent, TState> Given(params TEvent[] events) => new(_decider, [.. _given, .. events], _command, _hasCommand);

    public DeciderSpec<TCommand, TEvent, TState> When(TCommand command) => new(_decider, _given, command, true);

    /// <summary>The state after the given events (and, when a command was given, the events it decided).</summary>
    public TState State => _hasCommand ? _decider.Fold([.. _given, .. Decide()]) : _decider.Fold(_given);

    /// <summary>Asserts the decided events, in order, compared by value with runtime types. No arguments: "nothing happens".</summary>
    public IReadOnlyList<TEvent> Then(params TEvent[] expected)
    {
        var actual = Decide();
        actual.Should().BeEquivalentTo(
            expected,
            o => o.WithStrictOrdering().RespectingRuntimeTypes(),
            "the command should decide exactly these events");
        actual.Select(e => e.GetType()).Should().Equal(expected.Select(e => e.GetType()), "the event types should match in order");
        return actual;
    }

    /// <summary>Asserts that the command is refused with <typeparamref name="TException"/> (and, when given, this rule code).</summary>
    public TException ThenThrows<TException>(string? code = null)
        where TException : Exception
    {
        var act = () => Decide();
        var thrown = act.Should().Throw<TException>().Which;
        if (code is not null)
        {
            thrown.Should().BeAssignableTo<DomainRuleViolation>("a rule code can only be checked on a DomainRuleViolation");
            ((DomainRuleViolation)(object)thrown).Code.Should().Be(code);
        }

        return thrown;
    }

    private IReadOnlyList<TEvent> Decide()
    {
        if (!_hasCommand)
        {
            throw new InvalidOperationException("Call When(command) before Then/ThenThrows.");
        }

        return _decider.Decide(_command!, _decider.Fold(_given));
    }
}
