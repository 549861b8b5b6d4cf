using System.Collections.ObjectModel;

namespace QuizBot.Learning;

/// <summary>
/// The FSRS-6 scheduler, written by us from the published equations (as py-fsrs 6.3.1, ts-fsrs 5.4.1 and fsrs-rs
/// 6.6.1 document them in their formulas). It schedules in whole days: no learning steps, no fuzz. Immutable, so
/// one instance serves every participant.
/// </summary>
public sealed class Fsrs
{
    public const double DefaultDesiredRetention = 0.9;
    public const double MinDesiredRetention = 0.70;
    public const double MaxDesiredRetention = 0.97;
    public const int DefaultMaximumIntervalDays = 36500;

    public const double MinStability = 0.001;
    public const double MaxStability = 36500;
    public const double MinDifficulty = 1;
    public const double MaxDifficulty = 10;

    private readonly double[] w;

    public Fsrs() : this(FsrsWeights.Default)
    {
    }

    public Fsrs(
        IReadOnlyList<double> weights,
        double desiredRetention = DefaultDesiredRetention,
        int maximumIntervalDays = DefaultMaximumIntervalDays)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count != 21)
            throw new ArgumentException($"FSRS-6 has 21 weights; got {weights.Count}.", nameof(weights));
        if (weights.Any(x => !double.IsFinite(x)))
            throw new ArgumentException("Every FSRS weight must be a finite number.", nameof(weights));
        if (weights[20] <= 0)
            throw new ArgumentOutOfRangeException(nameof(weights), weights[20], "The decay w[20] must be positive.");
        if (!(desiredRetention >= MinDesiredRetention && desiredRetention <= MaxDesiredRetention))
            throw new ArgumentOutOfRangeException(nameof(desiredRetention), desiredRetention,
                $"Desired retention must lie between {MinDesiredRetention} and {MaxDesiredRetention}.");
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumIntervalDays, 1);

        w = [.. weights];
        Weights = new ReadOnlyCollection<double>(w);
        DesiredRetention = desiredRetention;
        MaximumIntervalDays = maximumIntervalDays;
        Decay = -w[20];
        Factor = Math.Pow(0.9, 1 / Decay) - 1;
    }

    public IReadOnlyList<double> Weights { get; }

    public double DesiredRetention { get; }

    public int MaximumIntervalDays { get; }

    /// <summary>−w20: the exponent of the power forgetting curve.</summary>
    public double Decay { get; }

    /// <summary>0.9^(1/decay) − 1, chosen so that retrievability is exactly 90% when elapsed days equal stability.</summary>
    public double Factor { get; }

    /// <summary>
    /// Grades one answer. A null (or New) card gets its initial memory state; a card answered again on the same
    /// day (less than 24 hours since its last review) takes the short-term formula; otherwise the long-term one.
    /// The next review is due after the interval that lets recall fall to the desired retention.
    /// </summary>
    public CardState Review(CardState? card, Rating rating, DateTimeOffset now)
    {
        if (!Enum.IsDefined(rating))
            throw new ArgumentOutOfRangeException(nameof(rating), rating, "Rating must be Again, Hard, Good or Easy.");

        MemoryState memory;
        int reps, lapses;
        if (card is null || card.IsNew)
        {
            memory = InitialMemoryState(rating);
            reps = 1;
            lapses = 0;
        }
        else
        {
            memory = NextMemoryState(card.Memory, ElapsedWholeDays(card.LastReview!.Value, now), rating);
            reps = card.Reps + 1;
            lapses = card.Lapses + (rating == Rating.Again ? 1 : 0);
        }

        var interval = NextIntervalDays(memory.Stability);
        return new CardState(CardStage.Review, memory.Stability, memory.Difficulty, now.AddDays(interval), now, reps, lapses);
    }

    /// <summary>
    /// The probability of recall now. Elapsed time counts in fractional days here (not whole days as in a
    /// review), so that cards reviewed on the same day still order by how long ago they were seen. A new card has 0.
    /// </summary>
    public double Retrievability(CardState card, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (card.IsNew)
            return 0;
        var elapsed = Math.Max(0, (now - card.LastReview!.Value).TotalDays);
        return ForgettingCurve(elapsed, card.Stability);
    }

    /// <summary>R(t, S) = (1 + factor · t / S)^decay.</summary>
    public double ForgettingCurve(double elapsedDays, double stability) =>
        Math.Pow(1 + Factor * elapsedDays / stability, Decay);

    /// <summary>The days after which R(t, S) falls to <paramref name="retention"/>, unrounded: S / factor · (r^(1/decay) − 1).</summary>
    public double IntervalFor(double stability, double retention)
    {
        if (!(retention > 0 && retention <= 1))
            throw new ArgumentOutOfRangeException(nameof(retention), retention, "Retention must lie in (0, 1].");
        return stability / Factor * (Math.Pow(retention, 1 / Decay) - 1);
    }

    /// <summary>The interval for the desired retention in whole days, at least 1 and at most the maximum.</summary>
    public int NextIntervalDays(double stability)
    {
        var days = Math.Round(IntervalFor(stability, DesiredRetention), MidpointRounding.AwayFromZero);
        return (int)Math.Clamp(days, 1, MaximumIntervalDays);
    }

    /// <summary>S0 = w[G−1]; D0 = w4 − e^(w5·(G−1)) + 1, clamped to 1..10.</summary>
    public MemoryState InitialMemoryState(Rating rating) =>
        new(ClampStability(w[(int)rating - 1]), ClampDifficulty(InitialDifficulty(rating)));

    /// <summary>
    /// The memory state after an answer given <paramref name="elapsedDays"/> whole days after the last one; a null
    /// state is a first answer. This is fsrs-rs's next_states / ts-fsrs's next_state for one rating.
    /// </summary>
    public MemoryState NextMemoryState(MemoryState? current, int elapsedDays, Rating rating)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elapsedDays);
        if (current is not { } state)
            return InitialMemoryState(rating);

        var s = ClampStability(state.Stability);
        var d = ClampDifficulty(state.Difficulty);
        double next;
        if (elapsedDays == 0)
        {
            next = ShortTermStability(s, rating);
        }
        else
        {
            var r = ForgettingCurve(elapsedDays, s);
            next = rating == Rating.Again ? ForgetStability(d, s, r) : RecallStability(d, s, r, rating);
        }

        return new MemoryState(ClampStability(next), NextDifficulty(d, rating));
    }

    private double InitialDifficulty(Rating rating) => w[4] - Math.Exp(w[5] * ((int)rating - 1)) + 1;

    /// <summary>
    /// ΔD = −w6·(G−3), damped linearly as D nears 10, then reverted towards D0(Easy) by w7:
    /// D″ = w7·D0(4) + (1 − w7)·(D + ΔD·(10 − D)/9).
    /// </summary>
    private double NextDifficulty(double d, Rating rating)
    {
        var delta = -w[6] * ((int)rating - 3);
        var damped = d + delta * (10 - d) / 9;
        return ClampDifficulty(w[7] * InitialDifficulty(Rating.Easy) + (1 - w[7]) * damped);
    }

    /// <summary>S′r = S · (1 + e^w8 · (11 − D) · S^−w9 · (e^(w10·(1−R)) − 1) · w15[Hard] · w16[Easy]).</summary>
    private double RecallStability(double d, double s, double r, Rating rating)
    {
        var hardPenalty = rating == Rating.Hard ? w[15] : 1;
        var easyBonus = rating == Rating.Easy ? w[16] : 1;
        return s * (1 + Math.Exp(w[8]) * (11 - d) * Math.Pow(s, -w[9]) * (Math.Exp(w[10] * (1 - r)) - 1)
            * hardPenalty * easyBonus);
    }

    /// <summary>
    /// S′f = w11 · D^−w12 · ((S + 1)^w13 − 1) · e^(w14·(1−R)), but never above S / e^(w17·w18): a lapse may not
    /// leave the memory stronger than a same-day Again would.
    /// </summary>
    private double ForgetStability(double d, double s, double r)
    {
        var longTerm = w[11] * Math.Pow(d, -w[12]) * (Math.Pow(s + 1, w[13]) - 1) * Math.Exp(w[14] * (1 - r));
        var shortTermCeiling = s / Math.Exp(w[17] * w[18]);
        return Math.Min(longTerm, shortTermCeiling);
    }

    /// <summary>
    /// FSRS-6's same-day formula: S′ = S · e^(w17·(G − 3 + w18)) · S^−w19. A pass (Hard, Good, Easy) never lowers
    /// stability, as in fsrs-rs and ts-fsrs (py-fsrs 6.3.1 lets a same-day Hard lower it; QuizBot never gives Hard).
    /// </summary>
    private double ShortTermStability(double s, Rating rating)
    {
        var increase = Math.Exp(w[17] * ((int)rating - 3 + w[18])) * Math.Pow(s, -w[19]);
        if (rating >= Rating.Hard)
            increase = Math.Max(increase, 1);
        return s * increase;
    }

    private static int ElapsedWholeDays(DateTimeOffset lastReview, DateTimeOffset now) =>
        (int)Math.Max(0, Math.Floor((now - lastReview).TotalDays));

    private static double ClampStability(double s) => Math.Clamp(s, MinStability, MaxStability);

    private static double ClampDifficulty(double d) => Math.Clamp(d, MinDifficulty, MaxDifficulty);
}
