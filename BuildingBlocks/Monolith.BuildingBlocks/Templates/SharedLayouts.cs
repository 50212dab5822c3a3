namespace Monolith.BuildingBlocks.Templates;

/// <summary>The platform's shared layouts. A body is placed either by the renderer (<c>RenderLayout</c>, model <c>title</c> +
/// <c>body</c>) or by a template itself: <c>{{ capture body }}…{{ end }}{{ layout "layout-email" "Titre" body }}</c>.</summary>
public static class SharedLayouts
{
    public const string Email = "layout-email";
    public const string Document = "layout-document";

    /// <summary>Print CSS for A4 documents (what <c>chromium --print-to-pdf</c> will honour when billing prints them).</summary>
    public const string DocumentCss = """
        @page { size: A4; margin: 18mm 16mm 20mm 16mm; }
        html { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 10pt; line-height: 1.35; color: #111; }
        body { margin: 0; }
        h1 { font-size: 16pt; margin: 0 0 6mm; }
        h2 { font-size: 12pt; margin: 6mm 0 3mm; }
        table { width: 100%; border-collapse: collapse; }
        th, td { padding: 1.5mm 2mm; border-bottom: 0.2mm solid #bbb; text-align: left; vertical-align: top; }
        th.num, td.num { text-align: right; white-space: nowrap; }
        thead { display: table-header-group; }
        tr, img, .keep-together { break-inside: avoid; }
        .page-break { break-before: page; }
        .muted { color: #555; }
        @media screen { body { max-width: 178mm; margin: 10mm auto; padding: 18mm 16mm; box-shadow: 0 0 2mm #999; } }
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
        </style>
        </head>
        <body>
        {{ body }}
        </body>
        </html>
        """;
}
