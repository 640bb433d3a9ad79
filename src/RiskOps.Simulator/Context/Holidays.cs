namespace RiskOps.Simulator.Context;

/// <summary>Public holidays shared by every simulated city (a common European set, Easter included).</summary>
internal static class Holidays
{
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

    // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    private static DateOnly EasterSunday(int y)
    {
        var a = y % 19;
        var b = y / 100;
        var c = y % 100;
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
        return new DateOnly(y, month, day);
    }
}
