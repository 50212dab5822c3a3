using Monolith.BuildingBlocks.Documents;
using Monolith.BuildingBlocks.Http;

namespace Monolith.BuildingBlocks.Tests.Http;

public sealed class RenderingGateTests
{
    [Fact]
    public async Task Beyond_the_running_slots_and_the_bounded_queue_a_rendering_is_refused_with_503_and_retry_after()
    {
        var gate = new RenderingGate(new RenderingGateOptions { MaxConcurrent = 2, MaxQueued = 1, MaxWait = TimeSpan.FromSeconds(30) });
        using var first = await gate.EnterAsync();
        using var second = await gate.EnterAsync();
        var queued = gate.EnterAsync();
        queued.IsCompleted.Should().BeFalse("the third waits for a slot");

        var refused = () => gate.EnterAsync();
        var busy = (await refused.Should().ThrowAsync<ServiceBusyException>()).Which;
        var problem = ExceptionProblemMapper.Map(busy, null);
        problem.Status.Should().Be(503);
        problem.Type.Should().Be(ProblemTypes.ServiceBusy);
        problem.Extensions["retryAfterSeconds"].Should().Be(10);

        first.Dispose();
        using var third = await queued;
    }
}
