using ArchiveVerify;

// dotnet run --project tools/ArchiveVerify -- <archive.zip> [--key <sha256 fingerprint of the office's archive key>]
// Exit code: 0 intact, 1 altered or unreadable, 2 usage.
if (args.Length is not (1 or 3) || (args.Length == 3 && args[1] != "--key"))
{
    Console.Error.WriteLine("usage: ArchiveVerify <archive.zip> [--key <sha256 fingerprint>]");
    return 2;
}

if (!File.Exists(args[0]))
{
    Console.Error.WriteLine($"{args[0]}: no such file");
    return 2;
}

await using var file = File.OpenRead(args[0]);
var result = ArchiveVerifier.Verify(file, args.Length == 3 ? args[2] : null);
Console.WriteLine($"archive: {args[0]}");
Console.WriteLine($"signing key: {result.KeyFingerprint ?? "-"}{(result.KeyPinned ? " (matches --key)" : " (not pinned: pass --key with the fingerprint the office gave you)")}");
if (result.DevelopmentKey)
{
    Console.WriteLine("WARNING: signed with the public DEVELOPMENT key: the signature proves nothing.");
}

Console.WriteLine($"files checked: {result.FilesChecked}");
foreach (var problem in result.Problems)
{
    Console.WriteLine($"FAILED: {problem}");
}

Console.WriteLine(result.Intact ? "INTACT" : "ALTERED");
return result.Intact ? 0 : 1;
