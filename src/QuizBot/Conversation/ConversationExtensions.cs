using Microsoft.Extensions.Options;
using QuizBot.Learning;
using QuizBot.Practice;
using QuizBot.QuestionBank;
using QuizBot.Registration;
using QuizBot.Reminders;
using QuizBot.Roles;

namespace QuizBot.Conversation;

public static class ConversationExtensions
{
    /// <summary>
    /// The conversation core: the router, the command table built from what the features registered, and the
    /// features that are always there (registration, help, language, settings, the bank's admin command, roles).
    /// </summary>
    public static WebApplicationBuilder AddConversation(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRegistration();
        services.AddCommand<HelpHandler>("help", new("Hướng dẫn sử dụng", "What I can do"), order: 90);
        services.AddCommand<LanguageHandler>("lang", new("Đổi ngôn ngữ: /lang vi | /lang en", "Change language: /lang vi | /lang en"), order: 85);
        services.AddCallback<SetLanguage, LanguageHandler>();
        services.AddCommand<SettingsHandler>("settings", new("Cài đặt: ngôn ngữ, giờ nhắc ôn tập hằng ngày", "Settings: language, daily reminder time"), order: 80);
        services.AddCallback<SetReminder, SettingsHandler>();
        services.AddCallback<MoveUnit, SettingsHandler>();
        services.AddCommand<BankCommandHandler>("bank", new("Nạp lại ngân hàng câu hỏi: /bank reload", "Reload the question bank: /bank reload"), Role.Admin, order: 200);
        services.AddRoles();

        services.AddSingleton(sp => new CommandTable(sp.GetServices<CommandInfo>(), sp.GetServices<CallbackRoute>()));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ChatLocks>();
        services.AddSingleton<BotIdentity>();
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
        var services = builder.Services;
        services.AddCommand<PracticeCommandHandler>("practice", new("Luyện tập: /practice [chủ đề] [số câu]", "Practise: /practice [topic] [count]"), order: 10);
        services.AddCommand<ReviewCommandHandler>("review", new("Ôn lại các câu đã đến hạn", "Review the questions that are due"), order: 20);
        services.AddCommand<StatsHandler>("stats", new("Kết quả và xếp hạng của bạn", "Your results and rank"), order: 30);
        services.AddCallback<PickTopic, PracticeCallbacks>();
        services.AddCallback<ChooseAnswer, PracticeCallbacks>();
        services.AddCallback<SubmitAnswer, PracticeCallbacks>();
        builder.Services.AddScoped<QuestionRunner>();
        builder.Services.AddSingleton<QuestionClock>();
        builder.Services.AddSingleton<AnswerLog>();
        builder.Services.AddSingleton<AttemptTimeoutService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AttemptTimeoutService>());
        return builder;
    }
}
