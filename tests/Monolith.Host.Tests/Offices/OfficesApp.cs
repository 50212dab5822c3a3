namespace Monolith.Host.Tests.Offices;

/// <summary>The real host with its real modules on a temporary data folder; offices are provisioned through the API.</summary>
public sealed class OfficesApp : TempHostApp
{
    public OfficesApp()
        : base("offices")
    {
    }

    /// <summary>Provisions a new office and returns a client signed in as its administrator.</summary>
    public async Task<(HttpClient Client, string OfficeId, string AdminId)> NewOfficeAsync()
    {
        var (officeId, adminId) = await ProvisionOfficeAsync("ot");
        var client = await SignInAsync(officeId, AdminEmail(officeId), Password);
        return (client, officeId, adminId);
    }
}
