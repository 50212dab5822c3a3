using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Modules;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Offices.Contracts.Facts;
using Monolith.Modules.Offices.Offices;
using Monolith.Modules.Offices.Offices.Details;
using Monolith.Modules.Offices.Offices.Legal;
using Monolith.Modules.Offices.Offices.Provisioning;
using Monolith.Modules.Offices.Offices.Settings;
using Monolith.Modules.Offices.Offices.Terms;
using Monolith.Modules.Offices.Privacy;
using Monolith.Modules.Offices.Users;
using Monolith.Modules.Offices.Users.Adding;
using Monolith.Modules.Offices.Users.ChangingRoles;
using Monolith.Modules.Offices.Users.CustomerAccounts;
using Monolith.Modules.Offices.Users.Deactivating;
using Monolith.Modules.Offices.Users.Invitations;
using Monolith.Modules.Offices.Users.Listing;
using Monolith.Modules.Offices.Users.Passwords;

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
        m.Events(Logo.OfficeLogoStream.EventNames);
        m.Publishes(OfficesFacts.All);
        m.Migrations(typeof(OfficesModule).Assembly, "Monolith.Modules.Offices.Sql").PortableReadModels();
        m.Projection<OfficeDirectoryProjection>();
        m.Projection<UserDirectoryProjection>();
        m.Projection<Users.Listing.UserSearchProjection>();
        m.Job<OutboxRetention>("0 30 3 * * ?");
        m.Validator<UpdateSettingsRequest, UpdateSettingsValidator>();
        m.Validator<LegalIdentity, LegalIdentityValidator>();
        m.Validator<PublishTermsRequest, PublishTermsValidator>();
        m.Validator<AddUserRequest, AddUserValidator>();
        m.Validator<ChangeRolesRequest, ChangeRolesValidator>();
        m.Validator<ChangePasswordRequest, ChangePasswordValidator>();
        m.Validator<AcceptInvitationRequest, AcceptInvitationValidator>();
        m.Validator<ProvisionOfficeRequest, ProvisionOfficeValidator>();
        m.AddServices(services =>
        {
            services.AddSingleton<OfficeDirectory>();
            services.AddSingleton<IOfficeDirectory>(sp => sp.GetRequiredService<OfficeDirectory>());
            services.AddSingleton<BuildingBlocks.Email.IEmailSenderIdentities, OfficeEmailSenders>();
            services.AddSingleton<IOfficeCalendars, OfficeCalendars>();
            services.AddSingleton<UserService>();
            services.AddSingleton<OfficeProvisioning>();
            services.AddSingleton<Logo.OfficeLogos>();
            services.AddSingleton<BuildingBlocks.Documents.IOfficeLogos>(sp => sp.GetRequiredService<Logo.OfficeLogos>());
            services.AddSingleton<ICustomerAccounts, CustomerAccountService>();
            services.Replace(ServiceDescriptor.Singleton<IUserDirectory, UserDirectory>());
            services.AddHostedService<DemoOfficeBootstrap>();
            services.AddSingleton<BuildingBlocks.Modules.IHostCommand, ResetAdminPasswordCommand>();
            services.AddSingleton<BuildingBlocks.EventStore.Privacy.IDataSubjectFootprint, UserFootprint>();
        });
        m.Endpoints(
            GetOfficeEndpoint.Map,
            UpdateSettingsEndpoint.Map,
            ChangeLegalIdentityEndpoint.Map,
            PublishTermsEndpoint.Map,
            TermsOfSaleVersionsEndpoints.Map,
            ProvisionOfficeEndpoint.Map,
            AddUserEndpoint.Map,
            UserListEndpoint.Map,
            ChangeUserRolesEndpoint.Map,
            DeactivateUserEndpoint.Map,
            ChangePasswordEndpoint.Map,
            AcceptInvitationEndpoint.Map,
            ForgetPersonEndpoint.Map,
            Logo.SetOfficeLogo.Map);
    }
}
