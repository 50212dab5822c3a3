using System.Globalization;
using System.Security;
using System.Text;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;

namespace Monolith.Modules.Billing.EInvoicing;

/// <summary>Turns the PDF printed by chromium into a Factur-X hybrid (post-processing of the printed bytes, so it composes with any page
/// layout): the CII XML embedded as <c>factur-x.xml</c> (an associated file: <c>/AF</c> on the catalog, <c>AFRelationship /Data</c>,
/// MIME <c>text/xml</c>), the XMP metadata with the PDF/A-3 identification (part 3, conformance B) and the Factur-X extension schema
/// (<c>fx:DocumentType INVOICE</c>, <c>fx:DocumentFileName</c>, <c>fx:Version 1.0</c>, <c>fx:ConformanceLevel EN 16931</c>), and an sRGB
/// output intent (the ICC profile shipped inside PDFsharp). What this reaches and how it was checked: ADR 0019.</summary>
internal static class FacturXPdf
{
    public const string AttachmentName = "factur-x.xml";
    public const string ConformanceLevel = "EN 16931";
    public const string FacturXVersion = "1.0";

    public static byte[] Embed(byte[] printedPdf, byte[] ciiXml, string title, DateTimeOffset at)
    {
        using var input = new MemoryStream(printedPdf, writable: false);
        using var document = PdfReader.Open(input, PdfDocumentOpenMode.Modify);
        document.Version = Math.Max(document.Version, 17); // PDF/A-3 is based on PDF 1.7
        var modified = at.UtcDateTime;
        document.Info.Title = title;
        document.Info.Creator = "Monolith";
        document.Info.CreationDate = modified;
        document.Info.ModificationDate = modified;

        var catalog = document.Internals.Catalog;
        var fileSpec = AttachXml(document, ciiXml, modified);
        catalog.Elements["/AF"] = new PdfArray(document, fileSpec.Reference!);
        var names = catalog.Elements.GetDictionary("/Names") ?? new PdfDictionary(document);
        catalog.Elements["/Names"] = names;
        var embedded = new PdfDictionary(document);
        embedded.Elements["/Names"] = new PdfArray(document, new PdfString(AttachmentName), fileSpec.Reference!);
        names.Elements["/EmbeddedFiles"] = embedded;
        catalog.Elements["/PageMode"] = new PdfName("/UseAttachments");

        catalog.Elements["/OutputIntents"] = new PdfArray(document, OutputIntent(document));

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);

        // PDFsharp writes its own XMP (PDF/A-1 or none) at every save. An incremental update (ISO 32000-1 §7.5.6, allowed by PDF/A)
        // then adds our XMP — written after the save, so it states the Info dictionary's final values (Producer set by PDFsharp) — and
        // a new revision of the catalog pointing at it.
        var xmp = Encoding.UTF8.GetBytes(Xmp(title, document.Info.Creator, document.Info.Producer, modified));
        return AppendMetadata(output.ToArray(), catalog, xmp);
    }

    private static byte[] AppendMetadata(byte[] saved, PdfCatalog catalog, byte[] xmp)
    {
        var text = Encoding.Latin1.GetString(saved);
        var previousXref = text.LastIndexOf("startxref", StringComparison.Ordinal);
        var previousOffset = long.Parse(text[(previousXref + "startxref".Length)..].Trim().Split('\n', '\r')[0], CultureInfo.InvariantCulture);
        var trailerStart = text.LastIndexOf("trailer", StringComparison.Ordinal);
        var trailer = text[trailerStart..previousXref];
        var dictionary = trailer[trailer.IndexOf("<<", StringComparison.Ordinal)..trailer.LastIndexOf(">>", StringComparison.Ordinal)];
        var sizeMatch = System.Text.RegularExpressions.Regex.Match(dictionary, @"/Size\s+(\d+)");
        var metadataNumber = int.Parse(sizeMatch.Groups[1].Value, CultureInfo.InvariantCulture);
        dictionary = dictionary.Remove(sizeMatch.Index, sizeMatch.Length).Insert(sizeMatch.Index, $"/Size {metadataNumber + 1}");

        using var update = new MemoryStream();
        void Write(string s) => update.Write(Encoding.Latin1.GetBytes(s));
        Write("\n");
        var metadataOffset = saved.Length + update.Length;
        Write(string.Create(CultureInfo.InvariantCulture, $"{metadataNumber} 0 obj\n<</Type/Metadata/Subtype/XML/Length {xmp.Length}>>\nstream\n"));
        update.Write(xmp);
        Write("\nendstream\nendobj\n");

        var number = catalog.Reference!.ObjectNumber;
        var generation = catalog.Reference.GenerationNumber;
        var catalogOffset = saved.Length + update.Length;
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"{number} {generation} obj\n<<");
        foreach (var key in catalog.Elements.Keys)
        {
            body.Append(key).Append(' ')
                .Append(key == "/Metadata" ? string.Create(CultureInfo.InvariantCulture, $"{metadataNumber} 0 R") : Serialize(catalog.Elements[key]!)).Append('\n');
        }

        body.Append(">>\nendobj\n");
        Write(body.ToString());
        var xrefOffset = saved.Length + update.Length;
        Write(string.Create(CultureInfo.InvariantCulture, $"xref\n{number} 1\n{catalogOffset:D10} {generation:D5} n\r\n{metadataNumber} 1\n{metadataOffset:D10} 00000 n\r\n"));
        Write(string.Create(CultureInfo.InvariantCulture, $"trailer\n{dictionary} /Prev {previousOffset} >>\nstartxref\n{xrefOffset}\n%%EOF\n"));
        return [.. saved, .. update.ToArray()];
    }

    /// <summary>A direct PDF object as written in a file (the catalog's entries: names, references, arrays, dictionaries, strings, numbers).</summary>
    private static string Serialize(PdfItem item) => item switch
    {
        PdfReference r => string.Create(CultureInfo.InvariantCulture, $"{r.ObjectNumber} {r.GenerationNumber} R"),
        PdfName n => n.Value,
        PdfString s when s.Value.All(c => c is >= ' ' and <= '~') =>
            "(" + s.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal) + ")",
        PdfString s => "<FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(s.Value)) + ">",
        PdfInteger i => i.Value.ToString(CultureInfo.InvariantCulture),
        PdfLongInteger l => l.Value.ToString(CultureInfo.InvariantCulture),
        PdfReal d => d.Value.ToString("0.####", CultureInfo.InvariantCulture),
        PdfBoolean b => b.Value ? "true" : "false",
        PdfNull => "null",
        PdfArray a => "[" + string.Join(' ', a.Elements.Select(Serialize)) + "]",
        PdfDictionary { Reference: { } reference } => Serialize(reference),
        PdfDictionary d => "<<" + string.Join(' ', d.Elements.Keys.Select(k => k + " " + Serialize(d.Elements[k]!))) + ">>",
        _ => throw new NotSupportedException($"Cannot write a {item.GetType().Name} in the catalog."),
    };

    private static PdfDictionary AttachXml(PdfDocument document, byte[] xml, DateTime modified)
    {
        var file = new PdfDictionary(document);
        file.CreateStream(xml);
        file.Elements.SetName("/Type", "/EmbeddedFile");
        file.Elements.SetName("/Subtype", "/text#2Fxml");
        var parameters = new PdfDictionary(document);
        parameters.Elements["/ModDate"] = new PdfDate(modified);
        parameters.Elements["/Size"] = new PdfInteger(xml.Length);
        file.Elements["/Params"] = parameters;
        document.Internals.AddObject(file);

        var references = new PdfDictionary(document);
        references.Elements["/F"] = file.Reference;
        references.Elements["/UF"] = file.Reference;
        var spec = new PdfDictionary(document);
        spec.Elements.SetName("/Type", "/Filespec");
        spec.Elements["/F"] = new PdfString(AttachmentName);
        spec.Elements["/UF"] = new PdfString(AttachmentName, PdfStringEncoding.Unicode);
        spec.Elements["/Desc"] = new PdfString("Factur-X invoice");
        spec.Elements.SetName("/AFRelationship", "/Data");
        spec.Elements["/EF"] = references;
        document.Internals.AddObject(spec);
        return spec;
    }

    private static PdfDictionary OutputIntent(PdfDocument document)
    {
        // PDFsharp ships sRGB2014.icc (ICC, colour.org) as a resource for its own PDF/A output: read it from the package at run time.
        using var icc = typeof(PdfDocument).Assembly.GetManifestResourceStream("PdfSharp.Resources.sRGB2014.icc")
            ?? throw new InvalidOperationException("PDFsharp's sRGB ICC profile was not found.");
        using var bytes = new MemoryStream();
        icc.CopyTo(bytes);
        var profile = new PdfDictionary(document);
        profile.CreateStream(bytes.ToArray());
        profile.Elements["/N"] = new PdfInteger(3);
        document.Internals.AddObject(profile);

        var intent = new PdfDictionary(document);
        intent.Elements.SetName("/Type", "/OutputIntent");
        intent.Elements.SetName("/S", "/GTS_PDFA1");
        intent.Elements["/OutputConditionIdentifier"] = new PdfString("sRGB IEC61966-2.1");
        intent.Elements["/Info"] = new PdfString("sRGB IEC61966-2.1");
        intent.Elements["/DestOutputProfile"] = profile.Reference;
        document.Internals.AddObject(intent);
        return intent;
    }

    private static string Xmp(string title, string creator, string producer, DateTime modified)
    {
        var date = modified.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var t = SecurityElement.Escape(title);
        return $"""
            <?xpacket begin="﻿" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">
              <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
                  <pdfaid:part>3</pdfaid:part>
                  <pdfaid:conformance>B</pdfaid:conformance>
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
                  <dc:format>application/pdf</dc:format>
                  <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{t}</rdf:li></rdf:Alt></dc:title>
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
                  <pdf:Producer>{SecurityElement.Escape(producer)}</pdf:Producer>
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
                  <xmp:CreatorTool>{SecurityElement.Escape(creator)}</xmp:CreatorTool>
                  <xmp:CreateDate>{date}</xmp:CreateDate>
                  <xmp:ModifyDate>{date}</xmp:ModifyDate>
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
                  <fx:DocumentType>INVOICE</fx:DocumentType>
                  <fx:DocumentFileName>{AttachmentName}</fx:DocumentFileName>
                  <fx:Version>{FacturXVersion}</fx:Version>
                  <fx:ConformanceLevel>{ConformanceLevel}</fx:ConformanceLevel>
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
                  <pdfaExtension:schemas>
                    <rdf:Bag>
                      <rdf:li rdf:parseType="Resource">
                        <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
                        <pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
                        <pdfaSchema:prefix>fx</pdfaSchema:prefix>
                        <pdfaSchema:property>
                          <rdf:Seq>
                            <rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentFileName</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>name of the embedded XML invoice file</pdfaProperty:description></rdf:li>
                            <rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentType</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>INVOICE</pdfaProperty:description></rdf:li>
                            <rdf:li rdf:parseType="Resource"><pdfaProperty:name>Version</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The actual version of the Factur-X XML schema</pdfaProperty:description></rdf:li>
                            <rdf:li rdf:parseType="Resource"><pdfaProperty:name>ConformanceLevel</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The conformance level of the embedded Factur-X data</pdfaProperty:description></rdf:li>
                          </rdf:Seq>
                        </pdfaSchema:property>
                      </rdf:li>
                    </rdf:Bag>
                  </pdfaExtension:schemas>
                </rdf:Description>
              </rdf:RDF>
            </x:xmpmeta>
            <?xpacket end="w"?>
            """;
    }
}
