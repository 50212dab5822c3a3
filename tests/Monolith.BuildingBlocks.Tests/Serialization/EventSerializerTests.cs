using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.EventStore.Serialization;

namespace Monolith.BuildingBlocks.Tests.Serialization;

public class EventSerializerTests
{
    private const string Tenant = "office-vannes";

    private readonly InMemoryDataSubjectKeyStore _keys = new();
    private readonly EventSerializer _serializer;

    public EventSerializerTests()
    {
        var registry = EventTypeRegistryTests.RenewedV3Registry()
            .Register<MemberJoined>("membership.member-joined")
            .Register<FeeChanged>("membership.fee-changed", version: 2)
            .Register<ContactChanged>("membership.contact-changed")
            .Register<FamilyDeclared>("membership.family-declared");
        _serializer = new EventSerializer(registry, new PersonalDataProtector(_keys));
    }

    internal static MemberJoined Joined(string customerId = "cust-42") => new(
        "m-1",
        customerId,
        "Élodie Le Gall",
        "elodie.legall@example.fr",
        new PostalAddress("3 rue du Port", "56000", "Vannes"),
        new DateOnly(1984, 7, 14),
        125.50m,
        new DateOnly(2025, 3, 1),
        new DateTimeOffset(2025, 2, 27, 10, 15, 0, TimeSpan.FromHours(1)),
        PaymentMethod.BankTransfer);

    internal static RecordedEvent Recorded(EventData data, long position = 1, string stream = "membership-m-1", long revision = 0) =>
        new(position, stream, revision, data.EventId, data.Type, data.Data, data.Metadata, DateTimeOffset.UnixEpoch, "hash");

    [Fact]
    public async Task Events_round_trip_with_stable_json_and_the_schema_version_in_metadata()
    {
        var data = await _serializer.SerializeAsync(new FeeChanged("m-1", 99.90m), new EventMetadata(Tenant, "u-1", Guid.NewGuid()));

        data.Type.Should().Be("membership.fee-changed");
        data.Metadata.SchemaVersion.Should().Be(2);
        data.Metadata.TenantId.Should().Be(Tenant);
        data.Data.Should().Be("""{"membershipId":"m-1","annualFee":99.90}""");
        var envelope = await _serializer.DeserializeAsync(Recorded(data));
        envelope.Event.Should().Be(new FeeChanged("m-1", 99.90m));
        envelope.As<FeeChanged>().AnnualFee.Should().Be(99.90m);
        envelope.PersonalDataErased.Should().BeFalse();
    }

    [Fact]
    public async Task Dates_and_enums_are_written_as_iso_strings_and_camel_case_names()
    {
        var data = await _serializer.SerializeAsync(Joined(), new EventMetadata(Tenant));

        var json = JsonNode.Parse(data.Data)!.AsObject();
        json["startsOn"]!.GetValue<string>().Should().Be("2025-03-01");
        json["recordedAt"]!.GetValue<string>().Should().Be("2025-02-27T10:15:00+01:00");
        json["paymentMethod"]!.GetValue<string>().Should().Be("bankTransfer");
        json["annualFee"]!.GetValue<decimal>().Should().Be(125.50m);
        json["customerId"]!.GetValue<string>().Should().Be("cust-42");
    }

    [Fact]
    public async Task Personal_fields_are_stored_encrypted_and_read_back_in_clear()
    {
        var data = await _serializer.SerializeAsync(Joined(), new EventMetadata(Tenant));

        var json = JsonNode.Parse(data.Data)!.AsObject();
        foreach (var field in new[] { "fullName", "email", "address", "birthDate" })
        {
            json[field]!.GetValue<string>().Should().StartWith(PersonalData.CipherPrefix);
        }

        data.Data.Should().NotContainAny("Élodie", "\\u00C9lodie", "Le Gall", "legall", "rue du Port", "1984");
        var again = await _serializer.SerializeAsync(Joined(), new EventMetadata(Tenant));
        JsonNode.Parse(again.Data)!["fullName"]!.GetValue<string>().Should().NotBe(json["fullName"]!.GetValue<string>(), "each value has a fresh nonce");

        var envelope = await _serializer.DeserializeAsync(Recorded(data));
        envelope.Event.Should().Be(Joined() with { Address = envelope.As<MemberJoined>().Address });
        envelope.As<MemberJoined>().Address.Should().BeEquivalentTo(Joined().Address);
        envelope.PersonalDataErased.Should().BeFalse();
    }

    [Fact]
    public async Task After_forgetting_the_subject_personal_fields_read_as_erased_and_the_rest_as_written()
    {
        var data = await _serializer.SerializeAsync(Joined(), new EventMetadata(Tenant));
        var other = await _serializer.SerializeAsync(Joined("cust-7"), new EventMetadata(Tenant));

        await _keys.ForgetAsync(Tenant, "cust-42");

        var envelope = await _serializer.DeserializeAsync(Recorded(data));
        var erased = envelope.As<MemberJoined>();
        envelope.PersonalDataErased.Should().BeTrue();
        erased.FullName.Should().Be(PersonalData.ErasedText);
        erased.Email.Should().Be(PersonalData.ErasedText);
        erased.Address.Should().BeNull();
        erased.BirthDate.Should().Be(default);
        erased.Should().BeEquivalentTo(Joined(), o => o.Excluding(j => j.FullName).Excluding(j => j.Email).Excluding(j => j.Address).Excluding(j => j.BirthDate));
        (await _serializer.DeserializeAsync(Recorded(data))).Event.Should().BeEquivalentTo(erased, "erased reads are deterministic");
        (await _serializer.DeserializeAsync(Recorded(other))).As<MemberJoined>().FullName.Should().Be("Élodie Le Gall", "only that subject is forgotten");

        var writeAgain = async () => await _serializer.SerializeAsync(Joined(), new EventMetadata(Tenant));
        await writeAgain.Should().ThrowAsync<DataSubjectForgottenException>();
    }

    [Fact]
    public async Task Keys_are_per_tenant_and_ciphertext_is_bound_to_its_subject()
    {
        var data = await _serializer.SerializeAsync(Joined(), new EventMetadata(Tenant));
        await _keys.ForgetAsync("another-office", "cust-42");
        (await _serializer.DeserializeAsync(Recorded(data))).As<MemberJoined>().FullName.Should().Be("Élodie Le Gall");

        var moved = JsonNode.Parse(data.Data)!.AsObject();
        var forSomeoneElse = JsonNode.Parse((await _serializer.SerializeAsync(Joined("cust-7"), new EventMetadata(Tenant))).Data)!.AsObject();
        forSomeoneElse["fullName"] = moved["fullName"]!.DeepClone();
        var swapped = Recorded(data with { Data = forSomeoneElse.ToJsonString() });

        var read = async () => await _serializer.DeserializeAsync(swapped);
        await read.Should().ThrowAsync<CryptographicException>("a ciphertext cannot be moved to another subject's event");
    }

    [Fact]
    public async Task A_tampered_ciphertext_is_detected()
    {
        var data = await _serializer.SerializeAsync(Joined(), new EventMetadata(Tenant));
        var json = JsonNode.Parse(data.Data)!.AsObject();
        var bytes = Convert.FromBase64String(json["email"]!.GetValue<string>()[PersonalData.CipherPrefix.Length..]);
        bytes[14] ^= 0x01;
        json["email"] = PersonalData.CipherPrefix + Convert.ToBase64String(bytes);

        var read = async () => await _serializer.DeserializeAsync(Recorded(data with { Data = json.ToJsonString() }));

        await read.Should().ThrowAsync<CryptographicException>();
    }

    [Fact]
    public async Task A_stored_v1_event_is_read_as_the_current_version()
    {
        var storedV1 = new EventData(Guid.NewGuid(), "membership.membership-renewed", """{"id":"m-9","amount":80}""", new EventMetadata(Tenant, SchemaVersion: 1));

        var envelope = await _serializer.DeserializeAsync(Recorded(storedV1));

        envelope.Event.Should().Be(new MembershipRenewed("m-9", 80m, "EUR"));
        envelope.Recorded.Data.Should().Be("""{"id":"m-9","amount":80}""", "stored events are never rewritten");
        (await _serializer.SerializeAsync(envelope.Event, new EventMetadata(Tenant))).Metadata.SchemaVersion.Should().Be(3);
    }

    [Fact]
    public async Task Upcasters_see_ciphertext_and_may_move_it()
    {
        var registry = new EventTypeRegistry()
            .Register<ContactChanged>("membership.contact-changed", version: 2)
            .Upcast("membership.contact-changed", 1, v1 =>
            {
                var phone = v1["telephone"]!.DeepClone();
                v1.Remove("telephone");
                v1["phone"] = phone;
                v1["reason"] ??= "unknown";
                return v1;
            });
        var serializer = new EventSerializer(registry, new PersonalDataProtector(_keys));
        var current = JsonNode.Parse((await serializer.SerializeAsync(new ContactChanged("cust-1", "+33 6 12 34 56 78", "x"), new EventMetadata(Tenant))).Data)!.AsObject();
        var v1Json = new JsonObject { ["subjectId"] = "cust-1", ["telephone"] = current["phone"]!.DeepClone() };
        var storedV1 = new EventData(Guid.NewGuid(), "membership.contact-changed", v1Json.ToJsonString(), new EventMetadata(Tenant, SchemaVersion: 1));

        var envelope = await serializer.DeserializeAsync(Recorded(storedV1));

        envelope.Event.Should().Be(new ContactChanged("cust-1", "+33 6 12 34 56 78", "unknown"));
    }

    [Fact]
    public async Task Unregistered_types_fail_clearly_on_write_and_on_read()
    {
        var write = async () => await _serializer.SerializeAsync(new WithPersonalDataButNoSubject("x"), new EventMetadata(Tenant));
        await write.Should().ThrowAsync<UnknownEventTypeException>();

        var unknown = new EventData(Guid.NewGuid(), "ticketing.ticket-printed", "{}", new EventMetadata(Tenant));
        var read = async () => await _serializer.DeserializeAsync(Recorded(unknown));
        await read.Should().ThrowAsync<UnknownEventTypeException>().WithMessage("*'ticketing.ticket-printed'*");
    }

    [Fact]
    public async Task Null_personal_fields_stay_null_and_need_no_key()
    {
        var data = await _serializer.SerializeAsync(Joined() with { Email = null, Address = null }, new EventMetadata(Tenant));

        var json = JsonNode.Parse(data.Data)!.AsObject();
        json["email"].Should().BeNull();
        json.ContainsKey("email").Should().BeTrue();
        var read = (await _serializer.DeserializeAsync(Recorded(data))).As<MemberJoined>();
        read.Email.Should().BeNull();
        read.FullName.Should().Be("Élodie Le Gall");
    }

    [Fact]
    public async Task Erased_non_string_fields_read_as_null_or_default_even_when_required()
    {
        var family = new FamilyDeclared { CustomerId = "cust-3", Children = 2, Relatives = ["Anne", "Loïc"], Adults = 2, Fee = 40m };
        var data = await _serializer.SerializeAsync(family, new EventMetadata(Tenant));
        data.Data.Should().NotContain("Anne");
        (await _serializer.DeserializeAsync(Recorded(data))).Event.Should().BeEquivalentTo(family);

        await _keys.ForgetAsync(Tenant, "cust-3");

        var erased = (await _serializer.DeserializeAsync(Recorded(data))).As<FamilyDeclared>();
        erased.Children.Should().BeNull();
        erased.Relatives.Should().BeNull();
        erased.Adults.Should().Be(0);
        erased.Fee.Should().Be(40m);
    }
}
