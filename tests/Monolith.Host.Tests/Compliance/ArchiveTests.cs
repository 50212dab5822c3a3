using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ArchiveVerify;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Host.Tests.Billing;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Host.Tests.Compliance;

/// <summary>Archives (archivage): an office's signed archive of a finished period verifies offline with tools/ArchiveVerify, and fails
/// once one byte changes.</summary>
public sealed class ArchiveTests
{
    private static readonly BillingCustomer Company = new(
        "voiles", CustomerKind.Business, "Voiles SARL", new BillingAddress("ZA du Port", "66000", "Perpignan"), "compta@voiles.example", "FR44732829320", "732829320");

    private static readonly BillingCustomer Person = new(
        "jean", CustomerKind.Consumer, "Jean Dupont", new BillingAddress("3 rue des Mouettes", "66000", "Perpignan"), "jean@example.fr");

    private static async Task<(BillingApp App, HttpClient Accountant, byte[] Zip, string Name)> ArchiveOfMarchAsync(string office)
    {
        var app = new BillingApp { Chromium = "none" };
        _ = app.CreateClient();
        var billing = app.Services.GetRequiredService<IBillingService>();
        await billing.IssueInvoiceAsync(office, new IssueInvoiceRequest("marina", "berth-1", Company, [new InvoiceLineRequest("Contrat annuel", 1, 152000, VatRate.Standard)]));
        await billing.IssueInvoiceAsync(office, new IssueInvoiceRequest("marina", "berth-2", Person, [new InvoiceLineRequest("Escale", 2, 3500, VatRate.Intermediate)]));
        await billing.IssueInvoiceAsync("other-port", new IssueInvoiceRequest("marina", "berth-9", Person, [new InvoiceLineRequest("Escale", 1, 3500, VatRate.Intermediate)]));
        app.Time.Advance(TimeSpan.FromDays(32));
        await app.CatchUpAsync(); // the closure job finds offices with invoices in billing's read model
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<Monolith.Modules.Billing.Closures.ClosureJob>().RunNowAsync(); // March is closed
        }

        var accountant = await app.ClientAsync(office, Roles.Accountant); // signed in after the clock moved (tokens expire)

        var created = await accountant.PostAsJsonAsync("/api/compliance/archives", new { from = "2026-03-01", to = "2026-03-31" });
        var body = await created.Content.ReadAsStringAsync();
        created.StatusCode.Should().Be(HttpStatusCode.Created, body);
        var name = JsonDocument.Parse(body).RootElement.GetProperty("name").GetString()!;
        created.Headers.Location!.ToString().Should().Be($"/api/compliance/archives/{name}");
        var zip = await accountant.GetByteArrayAsync($"/api/compliance/archives/{name}");
        return (app, accountant, zip, name);
    }

    private static Dictionary<string, byte[]> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        });
    }

    private static byte[] Rezip(Dictionary<string, byte[]> entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in entries)
            {
                using var s = archive.CreateEntry(path).Open();
                s.Write(content);
            }
        }

        return buffer.ToArray();
    }

    [Fact]
    public async Task An_office_archive_holds_its_events_invoices_and_FEC_and_verifies_offline_against_the_published_key()
    {
        var (app, accountant, zip, _) = await ArchiveOfMarchAsync("port-a");
        await using var host = app;
        var key = await accountant.GetFromJsonAsync<JsonElement>("/api/compliance/archive-key");

        var result = ArchiveVerifier.Verify(new MemoryStream(zip), key.GetProperty("fingerprint").GetString());

        result.Problems.Should().BeEmpty();
        result.Intact.Should().BeTrue();
        result.KeyPinned.Should().BeTrue();
        var entries = Entries(zip);
        entries.Keys.Should().Contain(["events.jsonl", "manifest.json", "manifest.sig", "signing-key.pem", "billing/732829320FEC20260331.txt"]);
        entries.Keys.Should().Contain(k => k.StartsWith("billing/invoices/2026-00001", StringComparison.Ordinal));
        entries["billing/invoices/2026-00001.factur-x.xml"].Should().NotBeEmpty("the business invoice's e-invoice is archived as its own file too");
        entries.Keys.Should().NotContain(k => k.Contains("factur-x", StringComparison.Ordinal) && k.Contains("2026-00002", StringComparison.Ordinal),
            "a consumer invoice has no e-invoice");
        var events = Encoding.UTF8.GetString(entries["events.jsonl"]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        events.Should().NotBeEmpty().And.OnlyContain(l => JsonDocument.Parse(l).RootElement.GetProperty("tenantId").GetString() == "port-a",
            "an office's archive holds only its own events");
        Encoding.UTF8.GetString(entries["billing/732829320FEC20260331.txt"]).Should().StartWith("JournalCode\tJournalLib");
        entries.Keys.Should().Contain(["closures/day-2026-03-01.json", "closures/day-2026-03-01.json.sig", "closures/day-2026-03-31.json", "closures/month-2026-03.json"],
            "the signed closure documents of the period are archived as they were anchored");
        entries.Keys.Should().NotContain(k => k.StartsWith("closures/day-2026-04", StringComparison.Ordinal), "April is outside the archived period");
        entries["closures/day-2026-03-01.json"].Should().Equal(
            File.ReadAllBytes(Path.Combine(app.DataFolderPath, "archive", "port-a", "closures", "day-2026-03-01.json")));
    }

    [Fact]
    public async Task Changing_one_byte_of_an_archived_file_is_detected()
    {
        var (app, _, zip, _) = await ArchiveOfMarchAsync("port-b");
        await using var host = app;
        var entries = Entries(zip);
        var fec = entries.Keys.Single(k => k.EndsWith(".txt", StringComparison.Ordinal));
        entries[fec][^3] ^= 0x01;

        var result = ArchiveVerifier.Verify(new MemoryStream(Rezip(entries)));

        result.Intact.Should().BeFalse();
        result.Problems.Should().ContainSingle().Which.Should().Contain(fec).And.Contain("SHA-256");
    }

    [Fact]
    public async Task Changing_one_byte_of_the_manifest_breaks_its_signature()
    {
        var (app, _, zip, _) = await ArchiveOfMarchAsync("port-c");
        await using var host = app;
        var entries = Entries(zip);
        var manifest = Encoding.UTF8.GetString(entries["manifest.json"]);
        entries["manifest.json"] = Encoding.UTF8.GetBytes(manifest.Replace("\"officeId\": \"port-c\"", "\"officeId\": \"port-d\"", StringComparison.Ordinal));

        var result = ArchiveVerifier.Verify(new MemoryStream(Rezip(entries)));

        result.Intact.Should().BeFalse();
        result.Problems.Should().Contain(p => p.Contains("signature", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Flipping_one_stored_byte_of_any_file_in_the_zip_is_detected()
    {
        var (app, _, zip, _) = await ArchiveOfMarchAsync("port-e");
        await using var host = app;

        foreach (var (name, offset) in DataOffsets(zip))
        {
            var altered = zip.ToArray();
            altered[offset] ^= 0x20;
            ArchiveVerifier.Verify(new MemoryStream(altered)).Intact.Should().BeFalse($"a stored byte of {name} (offset {offset}) was changed");
        }
    }

    /// <summary>For each file of the zip, the offset of a byte in the middle of its stored (compressed) data, found from its local header.</summary>
    private static IEnumerable<(string Name, int Offset)> DataOffsets(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var sizes = archive.Entries.ToDictionary(e => e.FullName, e => e.CompressedLength);
        for (var i = 0; i + 30 < zip.Length && sizes.Count > 0; i++)
        {
            if (zip[i] != 0x50 || zip[i + 1] != 0x4b || zip[i + 2] != 0x03 || zip[i + 3] != 0x04)
            {
                continue;
            }

            var nameLength = BitConverter.ToUInt16(zip, i + 26);
            var extraLength = BitConverter.ToUInt16(zip, i + 28);
            var name = Encoding.UTF8.GetString(zip, i + 30, nameLength);
            if (sizes.Remove(name, out var size) && size > 0)
            {
                yield return (name, i + 30 + nameLength + extraLength + (int)(size / 2));
            }
        }

        sizes.Should().BeEmpty("every file's local header was found");
    }

    [Fact]
    public async Task A_period_not_over_is_refused_and_another_office_cannot_download_the_archive()
    {
        var (app, accountant, _, name) = await ArchiveOfMarchAsync("port-f");
        await using var host = app;

        var early = await accountant.PostAsJsonAsync("/api/compliance/archives", new { year = 2026 });
        early.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await early.Content.ReadAsStringAsync()).Should().Contain("période terminée");
        var other = await app.ClientAsync("port-g", Roles.Accountant);
        (await other.GetAsync($"/api/compliance/archives/{name}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var staff = await app.ClientAsync("port-f", Roles.OfficeStaff);
        (await staff.GetAsync("/api/compliance/archives")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var list = await accountant.GetFromJsonAsync<JsonElement>("/api/compliance/archives");
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).Should().Equal(name);
    }
}
