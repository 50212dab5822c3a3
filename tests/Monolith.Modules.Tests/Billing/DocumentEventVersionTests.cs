using System.Text.Json.Nodes;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.Modules.Billing.Numbering;

namespace Monolith.Modules.Tests.Billing;

/// <summary>Document events v2 (issue 11): a business customer's e-mail is personal data; a v1 event, stored with the e-mail in clear
/// inside <c>businessCustomer</c>, is never rewritten but reads back in the v2 shape.</summary>
public sealed class DocumentEventVersionTests
{
    private static EventTypeRegistry Registry()
    {
        var registry = new EventTypeRegistry();
        DocumentRegister.Register(registry);
        return registry;
    }

    [Theory]
    [InlineData("billing.invoice-issued")]
    [InlineData("billing.credit-note-issued")]
    public void A_v1_business_document_reads_as_v2_with_the_email_moved_to_the_personal_field_and_the_customer_as_data_subject(string name)
    {
        var v1 = JsonNode.Parse("""
            {"customerId":"club-7","customerKind":"business","dataSubjectId":null,
             "businessCustomer":{"customerId":"club-7","kind":"business","name":"Club","email":"tresorier@club.test"},"consumerCustomer":null}
            """)!.AsObject();

        var v2 = Registry().UpcastToCurrent(name, 1, v1);

        v2["businessEmail"]!.GetValue<string>().Should().Be("tresorier@club.test");
        v2["businessCustomer"]!.AsObject().ContainsKey("email").Should().BeFalse();
        v2["dataSubjectId"]!.GetValue<string>().Should().Be("club-7");
    }

    [Fact]
    public void A_v1_consumer_document_is_unchanged_and_the_business_email_is_registered_as_personal_data()
    {
        var v1 = JsonNode.Parse("""{"customerId":"p-1","dataSubjectId":"p-1","businessCustomer":null,"consumerCustomer":"pd:v1:AAAA"}""")!.AsObject();
        var before = v1.ToJsonString();

        Registry().UpcastToCurrent("billing.invoice-issued", 1, v1).ToJsonString().Should().Be(before);
        var info = Registry().Get(typeof(InvoiceIssued));
        info.Version.Should().Be(2);
        info.PersonalData.Fields.Select(f => f.JsonName).Should().Contain(["consumerCustomer", "businessEmail"]);
    }
}
