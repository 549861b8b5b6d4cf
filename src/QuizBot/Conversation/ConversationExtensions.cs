using Microsoft.Extensions.Options;
using QuizBot.Learning;
using QuizBot.Practice;
using QuizBot.QuestionBank;
using QuizBot.Registration;
using QuizBot.Reminders;

namespace QuizBot.Conversation;

public static class ConversationExtensions
{
    /// <summary>The conversation core: the command table, the router and every handler.</summary>
    public static WebApplicationBuilder AddConversation(this WebApplicationBuilder builder)
    {
        CommandInfo[] commands =
        [
            new("start", typeof(StartHandler), new("Đăng ký hoặc xem tình hình hôm nay", "Register, or see today's status")),
            new("practice", typeof(PracticeCommandHandler), new("Luyện tập: /practice [chủ đề] [số câu]", "Practise: /practice [topic] [count]")),
            new("review", typeof(ReviewCommandHandler), new("Ôn lại các câu đã đến hạn", "Review the questions that are due")),
            new("stats", typeof(StatsHandler), new("Kết quả và xếp hạng của bạn", "Your results and rank")),
            new("settings", typeof(SettingsHandler), new("Cài đặt: ngôn ngữ, giờ nhắc ôn tập hằng ngày", "Settings: language, daily reminder time")),
            new("lang", typeof(LanguageHandler), new("Đổi ngôn ngữ: /lang vi | /lang en", "Change language: /lang vi | /lang en")),
            new("help", typeof(HelpHandler), new("Hướng dẫn sử dụng", "What I can do")),
            new("bank", typeof(BankCommandHandler), new("Nạp lại ngân hàng câu hỏi: /bank reload", "Reload the question bank: /bank reload"), Role.Admin),
        ];
        var callbacks = new Dictionary<Type, Type>
        {
            [typeof(PickUnit)] = typeof(RegistrationCallbacks),
            [typeof(ConfirmName)] = typeof(RegistrationCallbacks),
            [typeof(ChangeName)] = typeof(RegistrationCallbacks),
            [typeof(PickTopic)] = typeof(PracticeCallbacks),
            [typeof(ChooseAnswer)] = typeof(PracticeCallbacks),
            [typeof(SubmitAnswer)] = typeof(PracticeCallbacks),
            [typeof(SetLanguage)] = typeof(LanguageHandler),
            [typeof(SetReminder)] = typeof(SettingsHandler),
            [typeof(MoveUnit)] = typeof(SettingsHandler),
        };
        var services = builder.Services;
        services.AddSingleton(new CommandTable(commands, callbacks));
        foreach (var handler in commands.Select(c => c.Handler).Concat(callbacks.Values).Distinct())
        {
            services.AddScoped(handler);
        }
        services.AddScoped<ITextHandler, NameTextHandler>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ChatLocks>();
        services.AddSingleton<ChatOutputs>();
        services.AddSingleton<UpdateRouter>();
        services.AddScoped<UnitTree>();
        return builder;
    }

    public static WebApplicationBuilder AddPractice(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<QuizOptions>().BindConfiguration("Quiz")
            .ValidateDataAnnotations()
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Quiz:TimeZone: unknown time zone (for Vietnam use 'Asia/Ho_Chi_Minh')")
            .Validate(o => o.DesiredRetention is >= Fsrs.MinDesiredRetention and <= Fsrs.MaxDesiredRetention,
                $"Quiz:DesiredRetention: must lie between {Fsrs.MinDesiredRetention:0.00} and {Fsrs.MaxDesiredRetention:0.00} (the share of reviews answered right that FSRS aims for; 0.9 by default)")
            .ValidateOnStart();
        builder.Services.AddSingleton<QuizClock>();
        builder.Services.AddSingleton(sp => new Fsrs(FsrsWeights.Default, sp.GetRequiredService<IOptions<QuizOptions>>().Value.DesiredRetention));
        builder.Services.AddScoped<PracticeService>();
        builder.Services.AddSingleton<QuestionClock>();
        builder.Services.AddSingleton<AnswerLog>();
        builder.Services.AddSingleton<PracticeTimeoutService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PracticeTimeoutService>());
        return builder;
    }
}
