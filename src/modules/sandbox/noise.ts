/**
 * Laplace noise for differential privacy, from the operating system's CSPRNG (node:crypto), never Math.random:
 * a predictable generator would let an analyst subtract the noise.
 *
 * The sampler: Laplace(0, b) is an exponential of mean b with a random sign, and an exponential is -b·ln U for U
 * uniform in (0, 1] (the inverse of its CDF). U has 53 random bits, a double's full precision; the +1 keeps U above
 * 0 so the logarithm stays finite. Floating point makes the output's low bits uneven (Mironov 2012); the sandbox
 * rounds what it releases (counts to integers, sums and averages to cents), which hides most of them.
 */
import { randomBytes, randomInt } from 'node:crypto'

/** Uniform in (0, 1]. */
function uniform(): number {
  const bits = randomBytes(8).readBigUInt64BE() >> 11n
  return (Number(bits) + 1) / 2 ** 53
}

/** A sample of Laplace(0, scale). */
export function laplace(scale: number): number {
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new RangeError(`Laplace scale must be positive: ${scale}`)
  const sign = randomInt(2) === 0 ? -1 : 1
  return sign * scale * -Math.log(uniform())
}
