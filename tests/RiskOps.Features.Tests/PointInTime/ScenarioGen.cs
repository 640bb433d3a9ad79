using FsCheck;
using FsCheck.Fluent;

namespace RiskOps.Features.Tests.PointInTime;

/// <summary>FsCheck generators for <see cref="Scenario"/>.</summary>
internal static class ScenarioGen
{
    private static Gen<GenRow> Row(int maxKey) =>
        from key in Gen.Choose(0, maxKey)
        from ev in Gen.Choose(0, 24)
        from created in Gen.Choose(0, 5)
        from value in Gen.Frequency((1, Gen.Constant<double?>(null)), (9, Gen.Choose(-400, 400).Select(v => (double?)(v / 4.0))))
        from category in Gen.Elements<string?>(null, "red", "green", "blue")
        select new GenRow(key, ev, created, value, category);

    private static Gen<List<GenRow>> Rows =>
        Row(4).NonEmptyListOf().Select(rows => rows
            .GroupBy(r => (r.Key, r.EventSlot, r.CreatedSlot)).Select(g => g.First()).ToList());

    private static Gen<GenEntity> Entity =>
        from key in Gen.Choose(0, 5)
        from slot in Gen.Choose(0, 34)
        from quarter in Gen.Choose(0, 1)
        select new GenEntity(key, slot, quarter);

    public static Arbitrary<Scenario> Scenarios =>
        (from a in Rows
         from b in Rows
         from entities in Entity.NonEmptyListOf()
         from now in Gen.Choose(0, 30)
         select new Scenario(a, b, entities.ToList(), now)).ToArbitrary();
}
