namespace QuizBot.Telegram.Tests;

/// <summary>Answers as Telegram, a proxy in front of it, or telegram-test-api send them.</summary>
internal static class Recorded
{
    public const string SentMessage = """
        {"ok":true,"result":{"message_id":77,
          "from":{"id":7340012345,"is_bot":true,"first_name":"QuizBot","username":"quiz_bot"},
          "chat":{"id":42,"first_name":"An","username":"an_nguyen","type":"private"},
          "date":1700000000,"text":"Câu 1: 2 + 2 = ?",
          "reply_markup":{"inline_keyboard":[[{"text":"4","callback_data":"a:1:0"},{"text":"5","callback_data":"a:1:1"}]]}}}
        """;

    public const string OkNull = """{"ok":true,"result":null}""";

    public const string OkTrue = """{"ok":true,"result":true}""";

    public const string OkFalse = """{"ok":true,"result":false}""";

    public const string BadRequest = """{"ok":false,"error_code":400,"description":"Bad Request: message text is empty"}""";

    public const string Blocked = """{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}""";

    public const string TooManyRequests =
        """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35","parameters":{"retry_after":35}}""";

    public const string MigratedToSupergroup = """
        {"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat",
         "parameters":{"migrate_to_chat_id":-1001987654321}}
        """;

    public const string BadGatewayHtml = """
        <html>
        <head><title>502 Bad Gateway</title></head>
        <body>
        <center><h1>502 Bad Gateway</h1></center>
        <hr><center>nginx/1.18.0</center>
        </body>
        </html>
        """;

    // telegram-test-api, for any method it does not emulate (HTTP 500).
    public const string EmulatorUnsupportedMethod = """
        {"message":"API method 'setMyCommands' is not supported. Are you sure you're using Telegram Bot API correctly? Check out the list of methods supported by `telegram-test-api` package or look at official documentation: https://core.telegram.org/bots/api#available-methods"}
        """;

    public const string EmulatorGetMe = """{"ok":true,"result":{"username":"Test Name","first_name":"Test First name","id":666}}""";

    // telegram-test-api's getUpdates after /sendCommand and /sendCallback: dates in milliseconds, and the callback's
    // message carries only message_id and chat.
    public const string EmulatorUpdates = """
        {"ok":true,"result":[
          {"update_id":1,"message":{"message_id":1,
            "from":{"id":1,"first_name":"An","is_bot":false},
            "chat":{"id":1,"type":"private"},
            "date":1700000000000,"text":"/start",
            "entities":[{"offset":0,"length":6,"type":"bot_command"}]}},
          {"update_id":2,"callback_query":{"id":"1",
            "from":{"id":1,"first_name":"An","is_bot":false},
            "message":{"message_id":5,"chat":{"id":1,"type":"private"}},
            "data":"a:1:0"}}]}
        """;
}
