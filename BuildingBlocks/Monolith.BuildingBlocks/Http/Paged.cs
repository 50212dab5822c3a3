namespace Monolith.BuildingBlocks.Http;

/// <summary>One page of a list, the same shape in every module: the <paramref name="Items"/> of page <paramref name="Page"/> (from 1)
/// of at most <paramref name="PageSize"/> items, and the <paramref name="Total"/> number of items the list holds.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total)
{
    /// <summary>The same page with each item mapped (a stored row to the item the API answers).</summary>
    public Paged<TOut> Map<TOut>(Func<T, TOut> map) => new([.. Items.Select(map)], Page, PageSize, Total);
}

/// <summary>The paging arguments of a list endpoint (<c>?page=&amp;pageSize=</c>), normalised.</summary>
public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Page from 1 (default 1), size from 1 to <see cref="MaxPageSize"/> (default <see cref="DefaultPageSize"/>), and the offset
    /// of the page's first item.</summary>
    public static (int Page, int PageSize, long Offset) Of(int? page, int? pageSize)
    {
        var number = Math.Max(1, page ?? 1);
        var size = Math.Clamp(pageSize ?? DefaultPageSize, 1, MaxPageSize);
        return (number, size, (long)(number - 1) * size);
    }
}
