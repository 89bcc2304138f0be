/*⁣pp{*/import{runtime as __pprq726ju}from"@probeprof/runtime/auto";function __ppq726ju(){var p=__pprq726ju.register("test/golden/emit/kinds.ts","18dxdn3",["<module>",1,0,"declaration",4,7,"arrow",9,21,"Point.constructor",13,2,"Point.method",16,2,"Point.get getter",21,2,"asyncFunction",27,7,"generator",33,7]);__ppq726ju=function(){return p};return p}var __ppmq726ju=__ppq726ju().e(0);/*}pp⁣*/// One simple function of each kind, as the Babel plugin receives it (kinds.instrumented.ts is what it emits).

// a function declaration
export function declaration(a: number): number {/*⁣pp{*/const __ppf=__ppq726ju().e(1);try{/*}pp⁣*/
  return a + 1
/*⁣pp{*/}finally{__ppq726ju().x(__ppf)}/*}pp⁣*/}

// an arrow function with an expression body
export const arrow = (a: number) => /*⁣pp{*/{let __ppf=__ppq726ju().e(2);try{return /*}pp⁣*/a * 2/*⁣pp{*/}finally{__ppq726ju().x(__ppf)}}/*}pp⁣*/

export class Point {
  // a class constructor
  constructor(public x: number) {/*⁣pp{*/const __ppf=__ppq726ju().e(3);try{/*}pp⁣*//*⁣pp{*/}finally{__ppq726ju().x(__ppf)}/*}pp⁣*/}

  // a method
  method(): number {/*⁣pp{*/const __ppf=__ppq726ju().e(4);try{/*}pp⁣*/
    return this.x
  /*⁣pp{*/}finally{__ppq726ju().x(__ppf)}/*}pp⁣*/}

  // a getter
  get getter(): number {/*⁣pp{*/const __ppf=__ppq726ju().e(5);try{/*}pp⁣*/
    return this.x
  /*⁣pp{*/}finally{__ppq726ju().x(__ppf)}/*}pp⁣*/}
}

// an async function
export async function asyncFunction(): Promise<number> {/*⁣pp{*/const __ppf=__ppq726ju().ea(6);try{/*}pp⁣*/
  /*⁣pp{*/__ppq726ju().r(__ppf,/*}pp⁣*/await /*⁣pp{*/__ppq726ju().s(__ppf,(/*}pp⁣*/null/*⁣pp{*/)))/*}pp⁣*/
  return 1
/*⁣pp{*/}finally{__ppq726ju().xa(__ppf)}/*}pp⁣*/}

// a generator
export function* generator() {/*⁣pp{*/const __ppf=__ppq726ju().eg(7);try{/*}pp⁣*/
  /*⁣pp{*/__ppq726ju().r(__ppf,/*}pp⁣*/yield /*⁣pp{*/__ppq726ju().s(__ppf,(/*}pp⁣*/1/*⁣pp{*/)))/*}pp⁣*/
/*⁣pp{*/}finally{__ppq726ju().xa(__ppf)}/*}pp⁣*/}
/*⁣pp{*/
;__ppq726ju().x(__ppmq726ju);
/*}pp⁣*/