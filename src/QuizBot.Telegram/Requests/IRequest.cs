namespace QuizBot.Telegram.Requests;

/// <summary>A Bot API method call; its public properties (except <see cref="MethodName"/>) form the JSON body.</summary>
public interface IRequest<TResult>
{
    /// <summary>The method in the URL, e.g. "sendMessage". Mark it [JsonIgnore] in implementations.</summary>
    string MethodName { get; }
}
