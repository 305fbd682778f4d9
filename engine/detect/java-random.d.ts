// Types for java-random 0.4.0 (java.util.Random's 48-bit LCG in JS), the random
// generator networkanalysis-ts draws from; the package ships none. Only what
// ringsight/detect/leiden uses.
declare module 'java-random' {
  export default class JavaRandom {
    constructor(seed?: number);
    setSeed(seed: number): void;
    nextInt(bound?: number): number;
    nextDouble(): number;
  }
}
