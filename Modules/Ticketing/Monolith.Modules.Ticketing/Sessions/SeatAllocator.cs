namespace Monolith.Modules.Ticketing.Sessions;

/// <summary>Numbered seats in the category asked (Zonza "Billetterie" art. 3): side by side when a row still has that many adjacent
/// free seats (the first such row, front to back, leftmost run); otherwise the largest runs first, and the buyer is told the seats are
/// separated.</summary>
internal static class SeatAllocator
{
    public static (IReadOnlyList<string> Seats, bool Separated) Allocate(IReadOnlyList<RowPlan> rows, Func<string, bool> isTaken, int count)
    {
        var runs = new List<List<string>>();
        foreach (var row in rows)
        {
            var run = new List<string>();
            foreach (var seat in row.SeatIds())
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
                }
            }

            if (run.Count > 0)
            {
                runs.Add(run);
            }
        }

        var together = runs.FirstOrDefault(r => r.Count >= count);
        if (together is not null)
        {
            return ([.. together.Take(count)], false);
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
