using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Modules;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Offices.Contracts.Facts;
using Monolith.Modules.Offices.Directory;
using Monolith.Modules.Offices.Offices;
using Monolith.Modules.Offices.Privacy;
using Monolith.Modules.Offices.Provisioning;
using Monolith.Modules.Offices.Terms;
using Monolith.Modules.Offices.Users;

namespace Monolith.Modules.Offices;

/// <summary>Offices (tenants): legal identity, time zone, staff users and sign-in, versioned terms of sale, personal-data erasure.</summary>
public sealed class OfficesModule : IModule
{
    public string Name => "offices";

    public void Configure(ModuleBuilder m)
    {
        m.Events(Office.EventNames);
        m.Events(User.EventNames);
        m.Events(LoginReservation.EventNames);
        m.Publishes(OfficesFacts.All);
        m.Migrations(typeof(OfficesModule).Assembly, "Monolith.Modules.Offices.Sql").PortableReadModels();
        m.Projection<OfficeDirectoryProjection>();
        m.Projection<UserDirectoryProjection>();
        m.Job<OutboxRetention>("0 30 3 * * ?");
        m.Validator<OfficeEndpoints.UpdateSettingsRequest, OfficeEndpoints.UpdateSettingsValidator>();
        m.Validator<LegalIdentity, OfficeEndpoints.LegalIdentityValidator>();
        m.Validator<TermsOfSaleEndpoints.PublishTermsRequest, TermsOfSaleEndpoints.PublishTermsValidator>();
        m.Validator<UserEndpoints.AddUserRequest, UserEndpoints.AddUserValidator>();
        m.Validator<UserEndpoints.ChangeRolesRequest, UserEndpoints.ChangeRolesValidator>();
        m.Validator<UserEndpoints.ChangePasswordRequest, UserEndpoints.ChangePasswordValidator>();
        m.Validator<InvitationEndpoints.AcceptInvitationRequest, InvitationEndpoints.AcceptInvitationValidator>();
        m.Validator<ProvisioningEndpoints.ProvisionOfficeRequest, ProvisioningEndpoints.ProvisionOfficeValidator>();
        m.AddServices(services =>
        {
            services.AddSingleton<OfficeDirectory>();
            services.AddSingleton<IOfficeDirectory>(sp => sp.GetRequiredService<OfficeDirectory>());
            services.AddSingleton<BuildingBlocks.Email.IEmailSenderIdentities, OfficeEmailSenders>();
            services.AddSingleton<IOfficeCalendars, OfficeCalendars>();
            services.AddSingleton<UserService>();
            services.AddSingleton<OfficeService>();
            services.AddSingleton<ICustomerAccounts, CustomerAccountService>();
            services.Replace(ServiceDescriptor.Singleton<IUserDirectory, UserDirectory>());
            services.AddHostedService<DemoOfficeBootstrap>();
            services.AddSingleton<BuildingBlocks.EventStore.Privacy.IDataSubjectFootprint, UserFootprint>();
        });
        m.Endpoints(OfficeEndpoints.Map, TermsOfSaleEndpoints.Map, UserEndpoints.Map, ProvisioningEndpoints.Map, PersonalDataEndpoints.Map, InvitationEndpoints.Map);
    }
}
