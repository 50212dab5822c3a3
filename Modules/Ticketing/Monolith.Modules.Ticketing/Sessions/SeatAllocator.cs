using System.Runtime.CompilerServices;

namespace Monolith.Modules.Ticketing.Sessions;

/// <summary>Numbered seats in the category asked (Zonza "Billetterie" art. 3): side by side when a row still has that many adjacent
/// free seats (the first such row, front to back, leftmost run); otherwise the largest runs first, and the buyer is told the seats are
/// separated.</summary>
internal static class SeatAllocator
{
    /// <summary>Seat ids per row plan, built once (a hold in a flash sale must not format every seat id of the hall again).</summary>
    private static readonly ConditionalWeakTable<RowPlan, string[]> SeatIds = [];

    /// <param name="takenInRow">Seats taken in a row, when known (a full row is passed over without looking at its seats).</param>
    public static (IReadOnlyList<string> Seats, bool Separated) Allocate(IReadOnlyList<RowPlan> rows, Func<string, bool> isTaken, int count, Func<string, int>? takenInRow = null)
    {
        var runs = new List<List<string>>();
        foreach (var row in rows)
        {
            if (takenInRow is not null && takenInRow(row.Row) >= row.To - row.From + 1)
            {
                continue; // full: no run there
            }

            var run = new List<string>();
            foreach (var seat in SeatIds.GetValue(row, r => [.. r.SeatIds()]))
            {
                if (isTaken(seat))
                {
                    if (run.Count > 0)
                    {
                        runs.Add(run);
                    }

                    run = [];
                }
                else
                {
                    run.Add(seat);
                    if (run.Count == count)
                    {
                        return ([.. run], false); // the first run, front to back and leftmost, long enough: the seats side by side
                    }
                }
            }

            if (run.Count > 0)
            {
                runs.Add(run);
            }
        }

        var seats = new List<string>();
        foreach (var run in runs.OrderByDescending(r => r.Count))
        {
            seats.AddRange(run.Take(count - seats.Count));
            if (seats.Count == count)
            {
                break;
            }
        }

        return (seats, seats.Count > 1);
    }
}
