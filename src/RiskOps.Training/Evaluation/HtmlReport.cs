using System.Globalization;
using System.Net;
using System.Text;
using RiskOps.Core.Modeling;
using ScottPlot;

namespace RiskOps.Training.Evaluation;

/// <summary>A self-contained HTML report: tables of the evaluation and ScottPlot charts embedded as base64 PNGs.</summary>
internal static class HtmlReport
{
    public static string Render(EvaluationReport report, double[] predictions, double[] actual)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
            .Append(E(report.ModelName)).Append(" — evaluation</title><style>")
            .Append("body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}td:first-child{text-align:left}")
            .Append(".flag{color:#b00;font-weight:bold}img{max-width:100%}</style></head><body>");
        html.Append("<h1>").Append(E(report.ModelName)).Append("</h1>");
        html.Append("<p>Task <b>").Append(report.Task).Append("</b>, trainer <b>").Append(E(report.Trainer)).Append("</b>, validation <b>")
            .Append(E(report.ValidationScheme)).Append("</b>. Every figure below is measured on the out-of-time holdout, which the search never saw.</p>");

        var rows = report.Rows;
        Table(html, "Rows", ["source", "accepted", "quarantined", "development", "holdout", "calibration"],
            [[rows.Source.ToString(CultureInfo.InvariantCulture), rows.Accepted.ToString(CultureInfo.InvariantCulture), rows.Quarantined.ToString(CultureInfo.InvariantCulture),
              rows.Development.ToString(CultureInfo.InvariantCulture), rows.Holdout.ToString(CultureInfo.InvariantCulture), rows.Calibration.ToString(CultureInfo.InvariantCulture)]]);
        if (report.DroppedFeatures.Count > 0)
        {
            Table(html, "Dropped features", ["feature: reason"], [.. report.DroppedFeatures.Select(d => new[] { d })]);
        }
        Table(html, "Holdout metrics", ["metric", "value"], [.. report.Metrics.Select(m => new[] { m.Key, F(m.Value) })]);
        Table(html, "Learners", ["trainer", "cv " + report.PrimaryMetric, "holdout " + report.PrimaryMetric, "chosen"],
            [.. report.Comparison.Select(c => new[] { c.Trainer, F(c.CrossValidation), F(c.Holdout), c.Chosen ? "yes" : "" })]);
        if (report.Blend is { } blend)
        {
            html.Append("<p>Blend of the learners, weighed on the latest development block (").Append(blend.BlockRows.ToString(CultureInfo.InvariantCulture))
                .Append(" rows, never the holdout): ").Append(E(blend.DescribeWeights()))
                .Append(", ").Append(E(blend.Metric)).Append(' ').Append(F(blend.BlockScore)).Append(" against ").Append(F(blend.ChampionBlockScore))
                .Append(" for the cross-validation champion alone: ").Append(blend.Adopted ? "<b>adopted</b>" : "not adopted").Append(".</p>");
        }
        if (report.Oracle is { } oracle)
        {
            List<string[]> oracles = [["oracle", oracle.Metric, F(oracle.Oracle), F(oracle.Model), F(oracle.Efficiency)]];
            if (report.ClairvoyantOracle is { } clairvoyant)
            {
                oracles.Add(["clairvoyant (knows realized outcomes)", clairvoyant.Metric, F(clairvoyant.Oracle), F(clairvoyant.Model), F(clairvoyant.Efficiency)]);
            }
            Table(html, "Oracle comparison", ["reference", "metric", "oracle", "model", "efficiency"], oracles);
        }
        if (report.Confusion is { } c)
        {
            html.Append("<h2>Confusion matrix at threshold ").Append(F(report.Threshold ?? 0.5)).Append("</h2>");
            Table(html, null, ["", "predicted positive", "predicted negative"],
                [["actual positive", c.TruePositives.ToString(CultureInfo.InvariantCulture), c.FalseNegatives.ToString(CultureInfo.InvariantCulture)],
                 ["actual negative", c.FalsePositives.ToString(CultureInfo.InvariantCulture), c.TrueNegatives.ToString(CultureInfo.InvariantCulture)]]);
        }
        if (report.Calibration is { } cal)
        {
            html.Append("<h2>Calibration</h2><p>Method <b>").Append(E(cal.Method)).Append("</b> (positive-class weight in training ")
                .Append(F(cal.PositiveWeight)).Append("). ECE ").Append(F(cal.EceBefore)).Append(" → ").Append(F(cal.EceAfter))
                .Append(", Brier ").Append(F(cal.BrierBefore)).Append(" → ").Append(F(cal.BrierAfter)).Append(".</p>");
            Image(html, CalibrationPlot(cal));
        }
        if (report.Task == ModelTask.Binary)
        {
            Image(html, RocPlot(predictions, actual));
        }
        if (report.Task == ModelTask.Regression)
        {
            Image(html, ScatterPlot(predictions, actual));
        }
        if (report.LiftByDecile.Length > 0)
        {
            Image(html, BarPlot("Lift by decile of prediction (1 = highest)", [.. Enumerable.Range(1, 10).Select(d => d.ToString(CultureInfo.InvariantCulture))], report.LiftByDecile, "lift"));
        }
        if (report.Business.Count > 0)
        {
            Table(html, "Business", ["measure", "value"], [.. report.Business.Select(b => new[] { b.Key, F(b.Value) })]);
        }
        if (report.Fairness.Count > 0)
        {
            Table(html, "Fairness", ["column", "group", "rows", "selection rate", "ratio", "actual rate", "mean prediction", "metric"],
                [.. report.Fairness.Select(g => new[] { g.Column, g.Group, g.Rows.ToString(CultureInfo.InvariantCulture), F(g.SelectionRate), F(g.SelectionRateRatio), F(g.ActualRate), F(g.MeanPrediction), F(g.Metric) })]);
            foreach (var flag in report.FairnessFlags)
            {
                html.Append("<p class=\"flag\">").Append(E(flag)).Append("</p>");
            }
        }
        if (report.Importance.Count > 0)
        {
            var top = report.Importance.Take(20).ToList();
            Image(html, BarPlot("Permutation importance (loss in " + report.PrimaryMetric + ")", [.. top.Select(i => i.Feature)], [.. top.Select(i => i.Drop)], "drop"));
            Table(html, "Permutation importance", ["feature", "drop"], [.. report.Importance.Select(i => new[] { i.Feature, F(i.Drop) })]);
        }
        if (report.Explanations.Count > 0)
        {
            html.Append("<h2>Explanations of the highest predictions</h2>");
            foreach (var row in report.Explanations)
            {
                Table(html, $"{row.Id ?? "row"}: prediction {F(row.Prediction)}", ["feature", "value", "contribution (link space)"],
                    [.. row.Contributions.Select(x => new[] { x.Feature, Convert.ToString(x.Value, CultureInfo.InvariantCulture) ?? "", F(x.Contribution) })]);
            }
        }
        Table(html, "Parameters", ["name", "value"], [.. report.Parameters.Select(p => new[] { p.Key, p.Value })]);
        html.Append("</body></html>");
        return html.ToString();
    }

    private static byte[] CalibrationPlot(CalibrationSummary calibration)
    {
        var plot = new Plot();
        plot.Add.Line(0, 0, 1, 1);
        var points = plot.Add.Scatter(calibration.Bins.Select(b => b.MeanPredicted).ToArray(), calibration.Bins.Select(b => b.ObservedRate).ToArray());
        points.LegendText = "holdout";
        plot.Title("Calibration curve");
        plot.XLabel("mean predicted probability");
        plot.YLabel("observed rate");
        return plot.GetImageBytes(640, 420, ImageFormat.Png);
    }

    private static byte[] RocPlot(double[] p, double[] y)
    {
        var order = Enumerable.Range(0, p.Length).OrderByDescending(i => p[i]).ToArray();
        double positives = y.Count(v => v > 0.5), negatives = y.Length - positives;
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        double tp = 0, fp = 0;
        var step = Math.Max(1, order.Length / 500);
        for (var k = 0; k < order.Length; k++)
        {
            if (y[order[k]] > 0.5)
            {
                tp++;
            }
            else
            {
                fp++;
            }
            if (k % step == 0 || k == order.Length - 1)
            {
                fpr.Add(negatives == 0 ? 0 : fp / negatives);
                tpr.Add(positives == 0 ? 0 : tp / positives);
            }
        }
        var plot = new Plot();
        plot.Add.Scatter(fpr.ToArray(), tpr.ToArray());
        plot.Add.Line(0, 0, 1, 1);
        plot.Title("ROC curve");
        plot.XLabel("false positive rate");
        plot.YLabel("true positive rate");
        return plot.GetImageBytes(640, 420, ImageFormat.Png);
    }

    private static byte[] ScatterPlot(double[] predictions, double[] actual)
    {
        var plot = new Plot();
        var step = Math.Max(1, predictions.Length / 3000);
        var idx = Enumerable.Range(0, predictions.Length).Where(i => i % step == 0).ToArray();
        var s = plot.Add.ScatterPoints(idx.Select(i => predictions[i]).ToArray(), idx.Select(i => actual[i]).ToArray());
        s.MarkerSize = 3;
        plot.Title("Actual vs predicted");
        plot.XLabel("predicted");
        plot.YLabel("actual");
        return plot.GetImageBytes(640, 420, ImageFormat.Png);
    }

    private static byte[] BarPlot(string title, string[] labels, double[] values, string yLabel)
    {
        var plot = new Plot();
        plot.Add.Bars(values.Select(v => double.IsFinite(v) ? v : 0).ToArray());
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, labels.Length).Select(i => (double)i)], labels);
        plot.Axes.Bottom.TickLabelStyle.Rotation = labels.Length > 10 ? 45 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = labels.Length > 10 ? Alignment.MiddleLeft : Alignment.UpperCenter;
        plot.Title(title);
        plot.YLabel(yLabel);
        return plot.GetImageBytes(800, 460, ImageFormat.Png);
    }

    private static void Image(StringBuilder html, byte[] png) =>
        html.Append("<p><img alt=\"chart\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\"></p>");

    private static void Table(StringBuilder html, string? title, string[] header, IEnumerable<string[]> rows)
    {
        if (title is not null)
        {
            html.Append("<h2>").Append(E(title)).Append("</h2>");
        }
        html.Append("<table><tr>");
        foreach (var h in header)
        {
            html.Append("<th>").Append(E(h)).Append("</th>");
        }
        html.Append("</tr>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append("<td>").Append(E(cell)).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</table>");
    }

    private static string F(double value) => double.IsNaN(value) ? "—" : value.ToString("G5", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
