using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QuizBot.Data;
using QuizBot.QuestionBank;
using static QuizBot.Dashboard.DashboardHtml;

namespace QuizBot.Live;

/// <summary>
/// The projector view of a live round: /dashboard/live/{CODE} is one page, full screen in a hall at 1920×1080 or on a
/// phone, that follows the round through server-sent events (/dashboard/live/{CODE}/events): the question with its
/// countdown, the answer counts filling in, the reveal with the board after each question, the podium at the end.
/// Public, like the round's results: nothing is shown before the chat shows it. No page reloads, no front-end build.
/// </summary>
public static class ProjectorEndpoints
{
    /// <summary>A view is sent at most this often while presses pour in; each carries all the counts so far.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>How views are written: to the projector, and to the database for the projectors of other instances.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapProjector(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dashboard/live/{code}", PageAsync);
        app.MapGet("/dashboard/live/{code}/events", EventsAsync);
        return app;
    }

    private static Task<Round?> LiveRoundAsync(QuizBotDb db, string code, CancellationToken ct)
    {
        var wanted = code.Trim().ToUpperInvariant();
        return db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Code == wanted && r.Mode == RoundMode.Live && r.Status != RoundStatus.Draft, ct);
    }

    private static async Task<IResult> PageAsync(string code, string? lang, QuizBotDb db, CancellationToken ct)
    {
        var t = ProjectorTexts.For(lang);
        var round = await LiveRoundAsync(db, code, ct);
        if (round is null)
        {
            return Html(Frame(t, t.NotFound, $"<main class=\"missing\"><h1>{E(t.NotFound)}</h1></main>", script: ""), StatusCodes.Status404NotFound);
        }
        var events = $"/dashboard/live/{Uri.EscapeDataString(round.Code)}/events";
        var body = $"""
            <main id="stage" data-events="{E(events)}" data-phase="waiting">
            <header><p class="round">{E(round.Title)}</p><p id="progress" class="progress"></p><p id="clock" class="clock" aria-live="off"></p></header>
            <section id="asking" aria-live="polite">
            <h1 id="question">{E(t.Waiting)}</h1>
            <ol id="options" class="options"></ol>
            <p id="answered" class="answered"></p>
            </section>
            <section id="board" class="board" hidden><h2 id="board-title">{E(t.Board)}</h2><ol id="rows"></ol></section>
            </main>
            """;
        return Html(Frame(t, round.Title, body, Script(t)));
    }

    private static async Task EventsAsync(string code, HttpContext http, QuizBotDb db, LiveGames games, LiveFeed feed, TimeProvider clock, CancellationToken ct)
    {
        var round = await LiveRoundAsync(db, code, ct);
        if (round is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        http.Response.Headers.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var waiting = new LiveView(0, round.Title, LiveView.Waiting, 0, round.QuestionIds.Length, null, [], null, round.SecondsPerQuestion, [], null, [], []);
        try
        {
            string? last = null;
            var lastAt = DateTimeOffset.MinValue;
            while (!ct.IsCancellationRequested)
            {
                var gameId = await games.GameOfRoundAsync(round.Id, ct);
                var watch = gameId is { } id ? feed.Watch(id) : null;
                var view = watch?.View ?? (gameId is { } other ? await games.StoredViewAsync(other, ct) ?? waiting : waiting);
                // A view read from the database comes again unchanged until its game moves on: sent when it changed,
                // and at least every KeepAlive so that the connection is seen to live.
                var json = watch is null ? JsonSerializer.Serialize(view, Json) : null;
                if (json is null || json != last || clock.GetUtcNow() - lastAt >= KeepAlive)
                {
                    await SendAsync(http.Response, view, clock, ct);
                    (last, lastAt) = (json, clock.GetUtcNow());
                }
                // Woken by the game's next change here; a game running on another instance is read again shortly, a
                // round not started yet or finished a little later.
                var next = watch?.Changed ?? Task.Delay(gameId is null || view.Phase == LiveView.Finished ? TimeSpan.FromSeconds(2) : MinInterval, ct);
                await Task.WhenAny(next, Task.Delay(KeepAlive, ct));
                await Task.Delay(MinInterval, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The projector went away.
        }
    }

    private static async Task SendAsync(HttpResponse response, LiveView view, TimeProvider clock, CancellationToken ct)
    {
        var payload = JsonSerializer.Serialize(new { view, serverNow = clock.GetUtcNow().ToUnixTimeMilliseconds() }, Json);
        await response.WriteAsync($"data: {payload}\n\n", ct);
        await response.Body.FlushAsync(ct);
    }

    private static string Frame(ProjectorTexts t, string title, string body, string script) => $"""
        <!doctype html>
        <html lang="{t.Language}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)}</title>
        <style>{Style}</style>
        </head>
        <body>
        {body}
        {script}
        </body>
        </html>
        """;

    /// <summary>Renders each view with textContent only: names and questions never become markup.</summary>
    private static string Script(ProjectorTexts t) => $$"""
        <script>
        (() => {
          const T = {{JsonSerializer.Serialize(new { t.Question, t.Answered, t.Board, t.Podium, t.Waiting, t.Points, t.Seconds, t.Right }, Json)}};
          const stage = document.getElementById('stage');
          const $ = id => document.getElementById(id);
          let view = null, skew = 0;
          const letter = i => String.fromCharCode(65 + i);
          function tick() {
            if (!view || view.phase !== 'question' || !view.deadlineUnixMs) { $('clock').textContent = ''; return; }
            const left = Math.max(0, Math.ceil((view.deadlineUnixMs - (Date.now() + skew)) / 1000));
            $('clock').textContent = left + ' ' + T.seconds;
          }
          function render(v) {
            view = v;
            stage.dataset.phase = v.phase;
            $('progress').textContent = v.number > 0 ? T.question + ' ' + v.number + '/' + v.total : '';
            const asking = v.phase === 'question' || v.phase === 'reveal';
            $('question').textContent = asking ? v.question : (v.phase === 'finished' ? T.podium : T.waiting);
            const total = v.counts.reduce((a, b) => a + b, 0);
            const list = $('options');
            list.replaceChildren(...(asking ? v.options : []).map((text, i) => {
              const li = document.createElement('li');
              if (v.answer === i) li.className = 'right';
              const share = total ? Math.round(100 * v.counts[i] / total) : 0;
              li.style.setProperty('--share', share + '%');
              const name = document.createElement('span'); name.className = 'text'; name.textContent = letter(i) + '. ' + text;
              const count = document.createElement('span'); count.className = 'count'; count.textContent = String(v.counts[i] ?? 0);
              li.append(name, count);
              return li;
            }));
            $('answered').textContent = asking ? total + ' ' + T.answered + (v.answer !== null && v.answer !== undefined ? ' · ' + T.right + ': ' + letter(v.answer) : '') : '';
            const showBoard = v.phase === 'reveal' || v.phase === 'finished';
            $('board').hidden = !showBoard || v.board.length === 0;
            $('board-title').textContent = v.phase === 'finished' ? T.podium : T.board;
            $('rows').replaceChildren(...v.board.map(row => {
              const li = document.createElement('li');
              if (row.rank <= 3) li.className = ['gold', 'silver', 'bronze'][row.rank - 1];
              const name = document.createElement('span'); name.className = 'text'; name.textContent = row.rank + '. ' + row.name;
              const points = document.createElement('span'); points.className = 'count'; points.textContent = row.points.toLocaleString(document.documentElement.lang) + ' ' + T.points;
              li.append(name, points);
              return li;
            }));
            tick();
          }
          const source = new EventSource(stage.dataset.events);
          source.onmessage = e => { const data = JSON.parse(e.data); skew = data.serverNow - Date.now(); render(data.view); };
          setInterval(tick, 250);
        })();
        </script>
        """;

    // Big type that scales with the screen: a hall reads it from the back at 1920×1080, a phone in portrait.
    private const string Style = """
        :root{--ink:#fff;--bg:#5c0a0a;--panel:#7a1212;--bar:#e0a526;--right:#1f7a3a;--muted:#f1dada}
        *{box-sizing:border-box}
        html,body{margin:0;height:100%}
        body{background:var(--bg);color:var(--ink);font:clamp(16px,2.2vw,44px)/1.3 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
        main{min-height:100vh;padding:3vh 4vw;display:flex;flex-direction:column;gap:2vh}
        header{display:flex;justify-content:space-between;align-items:baseline;gap:2vw;flex-wrap:wrap}
        header p{margin:0}
        .round{font-weight:700}
        .progress,.answered{color:var(--muted)}
        .clock{font-size:2.2em;font-weight:800;font-variant-numeric:tabular-nums;min-width:4ch;text-align:right}
        h1{font-size:1.6em;margin:0}
        h2{font-size:1.2em;margin:0 0 1vh}
        ol{list-style:none;margin:0;padding:0;display:grid;gap:1.2vh}
        .options li,.board li{position:relative;display:flex;justify-content:space-between;gap:1em;padding:.5em .8em;background:var(--panel);border-radius:.4em;overflow:hidden}
        .options li::before{content:"";position:absolute;inset:0 auto 0 0;width:var(--share,0%);background:var(--bar);opacity:.35;transition:width .25s}
        .options li.right{background:var(--right);outline:.15em solid #fff}
        .board li.gold{background:#8a6508}.board li.silver{background:#555}.board li.bronze{background:#7a4019}
        .text,.count{position:relative}
        .count{font-weight:800;font-variant-numeric:tabular-nums}
        @media (max-width:40rem){body{font-size:18px}main{padding:1rem}}
        """;
}

/// <summary>The projector's few words, in Vietnamese (the default) and English.</summary>
public sealed record ProjectorTexts(string Language, string Question, string Answered, string Board, string Podium, string Waiting,
    string Points, string Seconds, string Right, string NotFound)
{
    public static ProjectorTexts For(string? lang) => lang == Languages.English ? English : Vietnamese;

    public static readonly ProjectorTexts Vietnamese = new("vi", "Câu", "người đã trả lời", "Bảng điểm", "Bục vinh quang",
        "Chờ ban tổ chức bắt đầu…", "điểm", "giây", "Đáp án", "Không có vòng thi trực tiếp này");

    public static readonly ProjectorTexts English = new("en", "Question", "answered", "Scoreboard", "Podium",
        "Waiting for the organizer to start…", "points", "s", "Answer", "There is no such live round");
}
