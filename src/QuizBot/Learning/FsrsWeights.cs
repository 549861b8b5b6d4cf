using System.Collections.ObjectModel;

namespace QuizBot.Learning;

public static class FsrsWeights
{
    /// <summary>
    /// The FSRS-6 defaults of today's reference implementations: py-fsrs 6.3.1 (fsrs/scheduler.py
    /// DEFAULT_PARAMETERS), ts-fsrs 5.4.1 (packages/fsrs/src/constant.ts default_w) and fsrs-rs 6.6.1
    /// (src/inference.rs DEFAULT_PARAMETERS) carry the same 21 numbers. They replaced the first FSRS-6 set
    /// (0.2172, 1.1771, 3.2602, 16.1507, …, decay 0.2) in fsrs-rs commit 037345f, "update default parameters
    /// (#337)", 2025-06-06.
    /// </summary>
    public static IReadOnlyList<double> Default { get; } = Array.AsReadOnly(new[]
    {
        0.212, 1.2931, 2.3065, 8.2956, // w0..w3: initial stability for Again, Hard, Good, Easy
        6.4133, 0.8334, // w4, w5: initial difficulty
        3.0194, 0.001, // w6: difficulty step, w7: mean reversion
        1.8722, 0.1666, 0.796, // w8..w10: stability after recall
        1.4835, 0.0614, 0.2629, 1.6483, // w11..w14: stability after a lapse
        0.6014, 1.8729, // w15: Hard penalty, w16: Easy bonus
        0.5425, 0.0912, 0.0658, // w17..w19: same-day (short-term) stability
        0.1542, // w20: decay of the forgetting curve
    });

    /// <summary>FSRS-5's decay, which FSRS-6 learned as w20.</summary>
    public const double Fsrs5Decay = 0.5;

    /// <summary>
    /// Reads 19 FSRS-5 weights as FSRS-6 ones, as fsrs-rs (check_and_fill_parameters) and ts-fsrs
    /// (migrateParameters) do: no dependence of the same-day increase on stability (w19 = 0) and FSRS-5's decay.
    /// </summary>
    public static IReadOnlyList<double> FromFsrs5(IReadOnlyList<double> weights)
    {
        if (weights.Count != 19)
            throw new ArgumentException($"FSRS-5 has 19 weights; got {weights.Count}.", nameof(weights));
        return new ReadOnlyCollection<double>([.. weights, 0.0, Fsrs5Decay]);
    }
}
