namespace Monolith.BuildingBlocks.Validation;

/// <summary>Spots what looks like a payment card number (PAN) in free text: 13 to 19 digits in one run, optionally grouped with
/// single spaces or dashes, not glued to letters (an identifier's hex is not a card number), whose Luhn check passes. Card data never enters this system (PCI DSS scope): payments by card go
/// through the provider's page.</summary>
public static class CardNumbers
{
    public const string RefusedMessage =
        "Ce champ semble contenir un numéro de carte bancaire : ne saisissez jamais de numéro de carte (le paiement par carte se fait sur la page sécurisée du prestataire).";

    public static bool ContainsPan(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length < 13)
        {
            return false;
        }

        Span<char> digits = stackalloc char[20];
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }

            // A run: digits, each group separated by at most one space or dash.
            var count = 0;
            var j = i;
            while (j < text.Length)
            {
                if (char.IsAsciiDigit(text[j]))
                {
                    if (count < digits.Length)
                    {
                        digits[count] = text[j];
                    }

                    count++;
                    j++;
                }
                else if ((text[j] == ' ' || text[j] == '-') && j + 1 < text.Length && char.IsAsciiDigit(text[j + 1]))
                {
                    j++;
                }
                else
                {
                    break;
                }
            }

            // A run glued to letters is part of a word or an identifier (a GUID's hex, a reference), not a card number written
            // down: without this, about one random hex id in a few hundred would be refused.
            var insideWord = (i > 0 && char.IsAsciiLetter(text[i - 1])) || (j < text.Length && char.IsAsciiLetter(text[j]));
            if (!insideWord && count is >= 13 and <= 19 && Luhn(digits[..count]))
            {
                return true;
            }

            i = j;
        }

        return false;
    }

    private static bool Luhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        for (var k = 0; k < digits.Length; k++)
        {
            var d = digits[digits.Length - 1 - k] - '0';
            if (k % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }
}
