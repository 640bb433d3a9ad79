using System.Text.RegularExpressions;
using RiskOps.Registry.Errors;

namespace RiskOps.Registry;

/// <summary>Rules for model and alias names: they become directory names and CLI arguments.</summary>
internal static partial class ModelNames
{
    public const string Champion = "champion";
    public const string Challenger = "challenger";

    public static void Check(string? name, string what)
    {
        if (string.IsNullOrEmpty(name) || !NamePattern().IsMatch(name))
        {
            throw new RegistryException($"{what} '{name}' is not a valid name: use letters, digits, '_', '-' or '.', starting with a letter or digit, at most 64 characters");
        }
    }

    public static void CheckAlias(string? alias)
    {
        Check(alias, "alias");
        if (alias!.All(char.IsAsciiDigit))
        {
            throw new RegistryException($"alias '{alias}' is all digits and would be mistaken for a version number");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex NamePattern();
}
