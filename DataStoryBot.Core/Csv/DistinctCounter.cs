using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DataStoryBot.Core.Csv;

/// <summary>64-bit hash of a byte span (wyhash-style multiply-mix), used to count distinct values without strings.</summary>
internal static class SpanHash
{
    private const ulong P0 = 0xA0761D6478BD642FUL;
    private const ulong P1 = 0xE7037ED1A0B428DBUL;
    private const ulong P2 = 0x8EBC6AF09C88C6E3UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong a, ulong b)
    {
        ulong hi = Math.BigMul(a, b, out ulong lo);
        return hi ^ lo;
    }

    public static ulong Hash(ReadOnlySpan<byte> s)
    {
        ref byte r = ref MemoryMarshal.GetReference(s);
        int len = s.Length;
        ulong seed = P0 ^ (ulong)len;
        ulong a, b;
        if (len <= 16)
        {
            if (len >= 4)
            {
                a = ((ulong)Unsafe.ReadUnaligned<uint>(ref r) << 32) | Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref r, (len >> 3) << 2));
                b = ((ulong)Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref r, len - 4)) << 32)
                    | Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref r, len - 4 - ((len >> 3) << 2)));
            }
            else if (len > 0)
            {
                a = ((ulong)r << 16) | ((ulong)Unsafe.Add(ref r, len >> 1) << 8) | Unsafe.Add(ref r, len - 1);
                b = 0;
            }
            else
            {
                a = b = 0;
            }
        }
        else
        {
            int i = 0;
            while (len - i > 16)
            {
                seed = Mix(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref r, i)) ^ P1,
                    Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref r, i + 8)) ^ seed);
                i += 16;
            }

            a = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref r, len - 16));
            b = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref r, len - 8));
        }

        return Mix(P1 ^ (ulong)len, Mix(a ^ P1, b ^ seed) ^ P2);
    }
}

/// <summary>
/// Counts distinct values by their 64-bit hashes: exactly (an open-addressing set) up to a cap, then with a
/// HyperLogLog sketch (2^14 registers by default, about 0.8 % standard error; fewer for very wide files).
/// </summary>
internal sealed class DistinctCounter
{
    public const int DefaultSketchBits = 14;

    private readonly int _cap;
    private readonly int _sketchBits;
    private ulong[]? _table = new ulong[64];
    private int _count;
    private bool _hasZero;
    private byte[]? _registers;

    public DistinctCounter(int cap, int sketchBits = DefaultSketchBits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sketchBits, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sketchBits, 16);
        _cap = cap;
        _sketchBits = sketchBits;
    }

    public bool IsEstimate => _registers is not null;

    /// <summary>Adds a hash; returns false only when it is known to have been added before (exact mode).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Add(ulong hash)
    {
        if (_registers is { } registers)
        {
            AddToSketch(registers, hash, _sketchBits);
            return true;
        }

        return AddExact(hash);
    }

    private bool AddExact(ulong hash)
    {
        if (hash == 0)
        {
            if (_hasZero)
            {
                return false;
            }

            _hasZero = true;
            _count++;
            return true;
        }

        ulong[] table = _table!;
        int mask = table.Length - 1;
        int i = (int)(hash >> 40) & mask;
        while (true)
        {
            ulong slot = table[i];
            if (slot == hash)
            {
                return false;
            }

            if (slot == 0)
            {
                table[i] = hash;
                if (++_count * 2 > table.Length)
                {
                    Grow();
                }

                return true;
            }

            i = (i + 1) & mask;
        }
    }

    private void Grow()
    {
        ulong[] old = _table!;
        if (_count > _cap)
        {
            var registers = new byte[1 << _sketchBits];
            foreach (ulong h in old)
            {
                if (h != 0)
                {
                    AddToSketch(registers, h, _sketchBits);
                }
            }

            if (_hasZero)
            {
                AddToSketch(registers, 0, _sketchBits);
            }

            _registers = registers;
            _table = null;
            return;
        }

        var table = new ulong[old.Length * 2];
        int mask = table.Length - 1;
        foreach (ulong h in old)
        {
            if (h == 0)
            {
                continue;
            }

            int i = (int)(h >> 40) & mask;
            while (table[i] != 0)
            {
                i = (i + 1) & mask;
            }

            table[i] = h;
        }

        _table = table;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddToSketch(byte[] registers, ulong hash, int bits)
    {
        int index = (int)(hash >> (64 - bits));
        byte rank = (byte)(BitOperations.LeadingZeroCount((hash << bits) | (1UL << (bits - 1))) + 1);
        ref byte register = ref registers[index];
        if (rank > register)
        {
            register = rank;
        }
    }

    /// <summary>The number of distinct values: exact, or the sketch's estimate (<see cref="IsEstimate"/>).</summary>
    public long Count
    {
        get
        {
            if (_registers is not { } registers)
            {
                return _count;
            }

            double sum = 0;
            int zeros = 0;
            foreach (byte r in registers)
            {
                sum += Math.ScaleB(1, -r);
                if (r == 0)
                {
                    zeros++;
                }
            }

            double m = registers.Length;
            double alpha = 0.7213 / (1 + 1.079 / m);
            double estimate = alpha * m * m / sum;
            if (estimate <= 2.5 * m && zeros > 0)
            {
                estimate = m * Math.Log(m / zeros); // linear counting for the small range
            }

            return (long)Math.Round(estimate);
        }
    }
}
