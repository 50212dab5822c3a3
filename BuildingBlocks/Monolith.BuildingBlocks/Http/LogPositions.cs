using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.BuildingBlocks.Http;

/// <summary>Read your writes. A request whose commands appended events answers <c>X-Log-Position: N</c> (the log position of its last
/// event); a later GET may send <c>X-Wait-For-Position: N</c> (or <c>?waitForPosition=N</c>) to be served once the read models have
/// applied the log up to N — waiting at most <see cref="MaxWait"/>, then answering anyway with <c>X-Log-Position-Reached: false</c>.</summary>
public static class LogPositions
{
    public const string PositionHeader = "X-Log-Position";
    public const string WaitHeader = "X-Wait-For-Position";
    public const string WaitQueryParameter = "waitForPosition";
    public const string ReachedHeader = "X-Log-Position-Reached";

    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);

    private static readonly AsyncLocal<Holder?> Current = new();

    /// <summary>Called by the command handler after an append: remembered for the answer of the current request, if any.</summary>
    public static void Record(long? position)
    {
        if (position is { } p && Current.Value is { } holder)
        {
            holder.Raise(p);
        }
    }

    public static async Task Middleware(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && RequestedPosition(request) is { } wanted)
        {
            var admin = context.RequestServices.GetService<IProjectionAdmin>();
            var reached = admin is null || await admin.WaitForPositionAsync(wanted, MaxWait, context.RequestAborted);
            context.Response.Headers[ReachedHeader] = reached ? "true" : "false";
        }

        var holder = new Holder();
        var previous = Current.Value;
        Current.Value = holder;
        context.Response.OnStarting(() =>
        {
            if (holder.Position is { } position)
            {
                context.Response.Headers[PositionHeader] = position.ToString(CultureInfo.InvariantCulture);
            }

            return Task.CompletedTask;
        });

        try
        {
            await next(context);
        }
        finally
        {
            Current.Value = previous;
        }
    }

    private static long? RequestedPosition(HttpRequest request)
    {
        var raw = request.Headers.TryGetValue(WaitHeader, out var header) && header.Count > 0
            ? header.ToString()
            : request.Query.TryGetValue(WaitQueryParameter, out var query) ? query.ToString() : null;
        if (raw is null)
        {
            return null;
        }

        return long.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? position
            : throw new RequestValidationException(WaitHeader, "La position attendue doit être un entier positif, reçu dans l'en-tête X-Log-Position d'une commande.");
    }

    private sealed class Holder
    {
        private long _position = -1;

        public long? Position => Interlocked.Read(ref _position) is var p && p >= 0 ? p : null;

        public void Raise(long position)
        {
            long seen;
            do
            {
                seen = Interlocked.Read(ref _position);
                if (position <= seen)
                {
                    return;
                }
            }
            while (Interlocked.CompareExchange(ref _position, position, seen) != seen);
        }
    }
}
