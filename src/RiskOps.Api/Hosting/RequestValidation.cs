using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace RiskOps.Api.Hosting;

/// <summary>
/// Collects field errors for a ValidationProblem keyed by the JSON field name. Hand-written rather than
/// DataAnnotations so that keys are the wire (snake_case) names and cross-field rules sit next to the rest.
/// </summary>
internal sealed partial class RequestValidation
{
    private Dictionary<string, string[]>? _errors;

    public bool IsValid => _errors is null;

    public IDictionary<string, string[]> Errors => _errors ?? [];

    public void Add(string field, string message)
    {
        _errors ??= new Dictionary<string, string[]>(StringComparer.Ordinal);
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
    }

    /// <summary>An id: present, 1–64 characters of letters, digits, '_', '-', '.'.</summary>
    public string Id(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"'{field}' is required.");
            return "";
        }

        if (!IdPattern().IsMatch(value))
        {
            Add(field, $"'{field}' must be 1–64 letters, digits, '_', '-' or '.'.");
            return "";
        }

        return value;
    }

    /// <summary>The rule of <see cref="Id"/> without collecting an error.</summary>
    public static bool IsValidId([NotNullWhen(true)] string? value) => !string.IsNullOrWhiteSpace(value) && IdPattern().IsMatch(value);

    public T Required<T>(string field, T? value) where T : struct
    {
        if (value is null)
        {
            Add(field, $"'{field}' is required.");
            return default;
        }

        return value.Value;
    }

    public double Number(string field, double? value, double min, double max, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, $"'{field}' is required.");
            }

            return double.NaN;
        }

        if (!double.IsFinite(value.Value) || value.Value < min || value.Value > max)
        {
            Add(field, $"'{field}' must be a number between {min} and {max}.");
            return double.NaN;
        }

        return value.Value;
    }

    [GeneratedRegex("^[A-Za-z0-9_.\\-]{1,64}$")]
    private static partial Regex IdPattern();
}
