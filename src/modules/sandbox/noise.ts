/** Laplace noise for differential privacy, drawn from the operating system's CSPRNG. */
import { randomBytes } from 'node:crypto'

/** Uniform in (0, 1), never 0. */
function uniform(): number {
  const n = randomBytes(6).readUIntBE(0, 6)
  return (n + 0.5) / 2 ** 48
}

/** A sample of Laplace(0, scale): the inverse CDF of a uniform draw. */
export function laplace(scale: number): number {
  const u = uniform() - 0.5
  return -scale * Math.sign(u) * Math.log(1 - 2 * Math.abs(u))
}
