using Monolith.BuildingBlocks.Deciders;

namespace Monolith.BuildingBlocks.Tests.Deciders;

public class DeterministicGuidTests
{
    [Theory]
    [InlineData("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org", "886313e1-3b8a-5372-9b90-0c9aee199e5d")]
    [InlineData("6ba7b811-9dad-11d1-80b4-00c04fd430c8", "https://example.com/été", "261678cf-8cb0-5b8e-b322-3cb72ad872a1")]
    public void Matches_rfc_4122_version_5(string ns, string name, string expected) =>
        DeterministicGuid.Create(Guid.Parse(ns), name).Should().Be(Guid.Parse(expected));

    [Fact]
    public void Same_input_same_id_and_different_input_different_id()
    {
        var seed = Guid.NewGuid();

        DeterministicGuid.ForEvent(seed, 0).Should().Be(DeterministicGuid.ForEvent(seed, 0));
        DeterministicGuid.ForEvent(seed, 0).Should().NotBe(DeterministicGuid.ForEvent(seed, 1));
        DeterministicGuid.ForEvent(seed, 0).Should().NotBe(DeterministicGuid.ForEvent(Guid.NewGuid(), 0));
        DeterministicGuid.ForEvent(seed, 3).ToString()[14].Should().Be('5');
    }
}
