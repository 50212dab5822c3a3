namespace Monolith.Modules.Billing.Payments;

/// <summary>Recognises a card number (PAN): a run of 13 to 19 digits, possibly grouped by spaces or dashes, passing the Luhn check. Used to
/// refuse any such value in what we are asked to store, and by the tests to prove none is stored.</summary>
internal static class CardData
{
    public static bool AnyLooksLikeCardNumber(params string?[] values) => values.Any(ContainsCardNumber);

    /// <summary>Whether <paramref name="text"/> contains a run of exactly 13–19 digits (single spaces or dashes between digits ignored)
    /// that passes the Luhn check.</summary>
    public static bool ContainsCardNumber(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var digits = new List<int>(19);
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : '\0';
            if (char.IsAsciiDigit(c))
            {
                digits.Add(c - '0');
                continue;
            }

            var separator = (c is ' ' or '-') && digits.Count > 0 && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]);
            if (!separator)
            {
                if (RunHasCardNumber(digits))
                {
                    return true;
                }

                digits.Clear();
            }
        }

        return false;
    }

    /// <summary>A whole run of 13–19 digits passing Luhn (a longer run, like an IBAN's 25 digits, is not a card number).</summary>
    private static bool RunHasCardNumber(List<int> digits) => digits.Count is >= 13 and <= 19 && Luhn(digits, 0, digits.Count);

    private static bool Luhn(List<int> digits, int start, int length)
    {
        var sum = 0;
        for (var i = 0; i < length; i++)
        {
            var d = digits[start + length - 1 - i];
            if (i % 2 == 1)
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
