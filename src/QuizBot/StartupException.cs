namespace QuizBot;

/// <summary>A configuration problem that stops start-up; its message is one line naming the key.</summary>
public sealed class StartupException(string message) : Exception(message);
