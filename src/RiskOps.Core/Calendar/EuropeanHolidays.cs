namespace RiskOps.Core.Calendar;

/// <summary>
/// The built-in public-holiday calendar: a common European set (New Year, Epiphany, Labour Day, Assumption, All
/// Saints, Immaculate Conception, Christmas Eve to St Stephen's, New Year's Eve, Good Friday, Easter Monday).
/// The simulator's cities observe it and the demand features read it; an operator's own calendar replaces it.
/// Hand-written because .NET has no holiday calendar and the set is ten fixed dates plus Easter.
/// </summary>
public static class EuropeanHolidays
{
    /// <summary>Whether <paramref name="date"/> is a public holiday of the built-in calendar.</summary>
    public static bool IsHoliday(DateOnly date)
    {
        switch ((date.Month, date.Day))
        {
            case (1, 1) or (1, 6) or (5, 1) or (8, 15) or (11, 1) or (12, 8) or (12, 24) or (12, 25) or (12, 26) or (12, 31):
                return true;
        }

        var easter = EasterSunday(date.Year);
        return date == easter.AddDays(-2) || date == easter.AddDays(1);
    }

    /// <summary>Western Easter Sunday of <paramref name="year"/> (anonymous Gregorian algorithm, Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}
