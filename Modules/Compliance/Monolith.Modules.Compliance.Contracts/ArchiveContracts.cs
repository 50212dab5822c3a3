namespace Monolith.Modules.Compliance.Contracts;

/// <summary>The office's dates an archive covers, both included (the office's calendar: a fiscal year is 1 January – 31 December).</summary>
public sealed record ArchivePeriod(DateOnly From, DateOnly To)
{
    public static ArchivePeriod Year(int year) => new(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));

    public bool Contains(DateOnly day) => day >= From && day <= To;
}

/// <summary>One file of an archive: its path inside the zip (forward slashes, e.g. <c>billing/invoices/2026-00001.pdf</c>), its bytes,
/// its media type and what it is (written in the manifest, in English).</summary>
public sealed record ArchiveFile(string Path, byte[] Content, string MediaType, string Description);

/// <summary>A module's contribution to an office's archive (billing: invoices and credit notes as PDF, the FEC; closures: the signed
/// closure documents). Register implementations with <c>services.AddSingleton&lt;IArchivePart, …&gt;()</c>; the compliance module puts
/// every part's files in the archive, hashes and signs them. A part must only return the office's own documents for the period.</summary>
public interface IArchivePart
{
    /// <summary>A short stable name (e.g. <c>billing</c>), listed in the manifest.</summary>
    string Name { get; }

    Task<IReadOnlyList<ArchiveFile>> FilesAsync(string officeId, ArchivePeriod period, CancellationToken ct = default);
}
