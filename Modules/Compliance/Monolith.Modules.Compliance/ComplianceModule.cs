using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.Modules;
using Monolith.Modules.Compliance.Archives;
using Monolith.Modules.Compliance.Retention;

namespace Monolith.Modules.Compliance;

/// <summary>Compliance for accountants and the tax office: signed yearly and on-demand archives per office (archivage) with an offline
/// verification, and the retention job (personal data 5 years after the last activity, accounting records 10 years). Other modules
/// contribute files to archives through <see cref="Contracts.IArchivePart"/>.</summary>
public sealed class ComplianceModule : IModule
{
    public string Name => "compliance";

    public void Configure(ModuleBuilder m)
    {
        m.Events(ComplianceRegister.EventNames);
        m.Validator<CreateArchiveRequest, CreateArchiveValidator>();
        m.AddServices(services =>
        {
            services.AddSingleton(sp => new ArchiveSigningKey(sp.GetRequiredService<BuildingBlocks.Audit.PlatformSigningKey>()));
            services.AddSingleton<ComplianceRegister>();
            services.AddSingleton<EventLogArchive>();
            services.AddSingleton<OfficeArchives>();
        });
        m.Job<YearlyArchiveJob>("0 0 3 2 1 ?");  // 2 January, 03:00 office time zone default (Europe/Paris)
        m.Job<RetentionJob>("0 0 4 3 * ?");      // the 3rd of each month, 04:00
        m.Endpoints(
            CreateArchiveEndpoint.Map, ListArchivesEndpoint.Map, DownloadArchiveEndpoint.Map, GetArchiveKeyEndpoint.Map, RetentionReportsEndpoint.Map);
    }
}
