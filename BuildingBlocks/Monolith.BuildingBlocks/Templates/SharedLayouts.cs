namespace Monolith.BuildingBlocks.Templates;

/// <summary>The platform's shared layouts. A body is placed either by the renderer (<c>RenderLayout</c>, model <c>title</c> +
/// <c>body</c>) or by a template itself: <c>{{ capture body }}…{{ end }}{{ layout "layout-email" "Titre" body }}</c>.</summary>
public static class SharedLayouts
{
    public const string Email = "layout-email";
    public const string Document = "layout-document";

    /// <summary>Print CSS for A4 documents, as headless chromium prints them (CSS paged media, page-margin boxes): A4, a running header
    /// (the document's title at top left; a template may add its issuer at top right) and footer ("Page x / y" at bottom right; a template
    /// may add its legal line at bottom left) on every page. A template sets its own boxes with a <c>&lt;style&gt;</c> of
    /// <c>@page { @top-right { content: {{ css_string … }} } }</c>. Blocks: <c>.head</c> holds the issuer (left) and the addressee in
    /// <c>.address</c>, placed where the window of a DL envelope (110 × 220 mm, window on the right) shows it: 47 mm from the top edge,
    /// 20 mm from the right edge, 90 × 38 mm. Amounts never wrap (<c>.num</c>, numeric columns of <c>table.lines</c>/<c>table.vat</c>);
    /// <c>.totals</c> is right-aligned. The issuing office's logo (when it set one) sits at the top right of the first page, above the
    /// envelope window (<c>.letterhead-logo</c>, at most 50 × 20 mm).</summary>
    public const string DocumentCss = """
        @page {
          size: A4;
          margin: 22mm 16mm 20mm 18mm;
          @top-left { content: none; font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8pt; color: #555; vertical-align: bottom; padding-bottom: 3mm; }
          @top-right { content: none; font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8pt; color: #555; vertical-align: bottom; padding-bottom: 3mm; }
          @bottom-left { content: none; font-family: "DejaVu Sans", Arial, sans-serif; font-size: 7pt; color: #555; vertical-align: top; padding-top: 3mm; }
          @bottom-right { content: "Page " counter(page) " / " counter(pages); font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8pt; color: #555; vertical-align: top; padding-top: 3mm; white-space: nowrap; }
        }
        html { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 9pt; line-height: 1.3; color: #111; }
        body { margin: 0; }
        h1 { font-size: 14pt; margin: 0 0 2mm; }
        h2 { font-size: 12pt; margin: 4mm 0 2mm; }
        p { margin: 0 0 1.6mm; }
        table { width: 100%; border-collapse: collapse; margin: 2mm 0 3mm; }
        th, td { padding: 1.2mm 1.6mm; border-bottom: 0.2mm solid #bbb; text-align: left; vertical-align: top; }
        th { background: #f0f0f0; font-weight: bold; }
        th.num, td.num, .amount, table.lines td:nth-child(n+2), table.lines th:nth-child(n+2), table.vat td:nth-child(n+2), table.vat th:nth-child(n+2) {
          text-align: right; white-space: nowrap; }
        table.vat { width: auto; min-width: 95mm; margin-left: auto; }
        thead { display: table-header-group; }
        tr, img, .keep-together, .totals, footer { break-inside: avoid; }
        .page-break { break-before: page; }
        .muted { color: #555; }
        .head { position: relative; height: 66mm; }
        .head .issuer { width: 82mm; font-size: 8.5pt; }
        .head .issuer .logo { max-width: 50mm; max-height: 18mm; display: block; margin-bottom: 2mm; }
        .letterhead-logo { position: absolute; top: 0; right: 4mm; max-width: 50mm; max-height: 20mm; }
        .head .address { position: absolute; top: 25mm; right: 4mm; width: 90mm; height: 38mm; overflow: hidden; font-size: 10pt; line-height: 1.35; }
        .totals { width: 80mm; margin: 2mm 0 4mm auto; text-align: right; font-size: 10pt; }
        .totals strong { font-size: 11pt; }
        footer { margin-top: 4mm; font-size: 8pt; color: #333; }
        @media screen { body { max-width: 176mm; margin: 10mm auto; padding: 22mm 16mm; box-shadow: 0 0 2mm #999; } }
        """;

    internal const string EmailLayout = """
        <!DOCTYPE html>
        <html lang="fr">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{ title }}</title>
        </head>
        <body style="margin:0;padding:0;background:#f4f4f4;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.45;color:#222;">
        <div style="max-width:640px;margin:0 auto;padding:24px;background:#ffffff;">
        {{ body }}
        </div>
        </body>
        </html>
        """;

    internal const string DocumentLayout = """
        <!DOCTYPE html>
        <html lang="fr">
        <head>
        <meta charset="utf-8">
        <title>{{ title }}</title>
        <style>
        {{ css }}
        @page { @top-left { content: {{ css_string title }}; } }
        </style>
        </head>
        <body>
        {{ if logo }}<img class="letterhead-logo" src="{{ logo }}" alt="">{{ end }}{{ body }}
        </body>
        </html>
        """;
}
