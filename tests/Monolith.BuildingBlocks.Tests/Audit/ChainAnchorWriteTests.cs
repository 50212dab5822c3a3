using Monolith.BuildingBlocks.Audit;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Privacy;

namespace Monolith.BuildingBlocks.Tests.Audit;

/// <summary>A closure's signed document is written to the archive folder by whichever run closes (or completes) the day: two runs at
/// once (a run started by hand while the scheduled one completes the same archive) write the same bytes and must not trip over each
/// other's temporary file (CI once failed with "Could not find file '….json.sig'").</summary>
public sealed class ChainAnchorWriteTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "monolith-anchor-tests", Guid.NewGuid().ToString("N"));
    private readonly PlatformSigningKey _key = new(PersonalDataOptions.Development());

    public void Dispose()
    {
        _key.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Writers_of_the_same_document_at_once_all_succeed_and_leave_one_document_and_its_signature()
    {
        var anchors = new ChainAnchors(_folder, new ClosureSignatures(OfficeChainKeys.Development(), _key));
        const string document = """{"anchor":{"officeId":"port-a","position":42,"officeHash":"ab","officeEvents":3},"label":"Journée du 09/03/2026"}""";
        const string signature = "ecdsa-p256-sha256:c2lnbmF0dXJl";

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => anchors.WriteAsync("port-a", "day-2026-03-09", document, signature))));

        var closures = anchors.ClosuresFolder("port-a");
        Directory.GetFiles(closures).Select(Path.GetFileName).Should().BeEquivalentTo(["day-2026-03-09.json", "day-2026-03-09.json.sig"], "no temporary file is left");
        (await File.ReadAllTextAsync(Path.Combine(closures, "day-2026-03-09.json"))).Should().Be(document);
        (await File.ReadAllTextAsync(Path.Combine(closures, "day-2026-03-09.json.sig"))).Should().Be(signature + "\n");
    }
}
