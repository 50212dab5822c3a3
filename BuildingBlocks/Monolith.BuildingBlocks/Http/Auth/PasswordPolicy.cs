using FluentValidation;

namespace Monolith.BuildingBlocks.Http.Auth;

/// <summary>Password rules after NIST SP 800-63B: a length floor (15, the floor for a password that is the only factor) and a
/// ceiling of <see cref="MaxLength"/> characters accepted everywhere (creation, change, invitation and sign-in); no composition
/// rules; refused when it is a commonly used password (an embedded list, also with digits or symbols appended), a repetition or a
/// run of characters, or contains the user's e-mail or its name part.</summary>
public static class PasswordPolicy
{
    public const int MinLength = 15;

    /// <summary>Longest password accepted when set; sign-in accepts at least as long (see <see cref="LoginRequestValidator"/>).</summary>
    public const int MaxLength = 128;

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommon);

    /// <summary>Why the password is refused (a French sentence for the user), or null when it is acceptable.</summary>
    public static string? Check(string? password, string? email = null)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "Choisissez un mot de passe.";
        }

        var length = new System.Globalization.StringInfo(password.Normalize()).LengthInTextElements;
        if (length < MinLength)
        {
            return $"Le mot de passe doit contenir au moins {MinLength} caractères (une phrase de plusieurs mots est idéale).";
        }

        if (password.Length > MaxLength)
        {
            return $"Le mot de passe ne peut pas dépasser {MaxLength} caractères.";
        }

        var lower = password.Trim().ToLowerInvariant();
        if (IsCommon(lower))
        {
            return "Ce mot de passe est trop courant : choisissez-en un autre.";
        }

        if (IsRepetitive(lower) || IsRun(lower))
        {
            return "Ce mot de passe est une répétition ou une suite de caractères : choisissez-en un autre.";
        }

        if (!string.IsNullOrWhiteSpace(email))
        {
            var address = email.Trim().ToLowerInvariant();
            var local = address.Split('@')[0];
            if (lower.Contains(address, StringComparison.Ordinal) || (local.Length >= 4 && lower.Contains(local, StringComparison.Ordinal)))
            {
                return "Le mot de passe ne doit pas contenir votre adresse e-mail.";
            }
        }

        return null;
    }

    /// <summary>FluentValidation rule: the password follows <see cref="Check"/> (with the e-mail of the same request, if any).</summary>
    public static IRuleBuilderOptionsConditions<T, string> AcceptablePassword<T>(this IRuleBuilder<T, string> rule, Func<T, string?>? email = null) =>
        rule.Custom((password, context) =>
        {
            if (Check(password, email?.Invoke(context.InstanceToValidate)) is { } error)
            {
                context.AddFailure(error);
            }
        });

    private static bool IsCommon(string lower)
    {
        var common = Common.Value;
        if (common.Contains(lower) || common.Contains(lower.Replace(" ", string.Empty, StringComparison.Ordinal)))
        {
            return true;
        }

        // A common password with digits or symbols around it ("motdepasse2024!!!") or repeated ("azertyazertyazerty").
        var core = lower.Trim(" 0123456789!?.,;:-_*#@$%&+=/\\'\"()[]{}".ToCharArray());
        if (core.Length > 0 && common.Contains(core))
        {
            return true;
        }

        foreach (var word in common)
        {
            if (word.Length >= 4 && lower.Length % word.Length == 0 && string.Concat(Enumerable.Repeat(word, lower.Length / word.Length)) == lower)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The same block of 1 to 4 characters over and over ("aaaaaaaaaaaaaaa", "abababab…").</summary>
    private static bool IsRepetitive(string value)
    {
        for (var period = 1; period <= 4 && period < value.Length; period++)
        {
            var repeats = true;
            for (var i = period; i < value.Length && repeats; i++)
            {
                repeats = value[i] == value[i - period];
            }

            if (repeats)
            {
                return true;
            }
        }

        return value.Distinct().Count() <= 3;
    }

    /// <summary>A run up or down ("abcdefghijklmno", "987654321098765"), wrapping around digits.</summary>
    private static bool IsRun(string value)
    {
        bool Step(int direction)
        {
            for (var i = 1; i < value.Length; i++)
            {
                var expected = value[i - 1] + direction;
                if (value[i] != expected && !(char.IsAsciiDigit(value[i]) && char.IsAsciiDigit(value[i - 1]) && (value[i] - '0') == ((value[i - 1] - '0' + direction + 10) % 10)))
                {
                    return false;
                }
            }

            return true;
        }

        return Step(1) || Step(-1);
    }

    private static HashSet<string> LoadCommon()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("Monolith.BuildingBlocks.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-passwords list is not embedded.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var entry = line.Trim().ToLowerInvariant();
            if (entry.Length > 0 && !entry.StartsWith('#'))
            {
                set.Add(entry);
            }
        }

        return set;
    }
}
