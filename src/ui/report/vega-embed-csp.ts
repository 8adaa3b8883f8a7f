// vega-embed for tfjs-vis, without eval: vite.config.ts points tfjs-vis's `require('vega-embed')` here. Every
// chart is parsed to an expression tree (`ast: true`) and run by vega-interpreter instead of vega's default
// code generator, which compiles each expression with `Function(...)`; so the page's CSP needs no 'unsafe-eval'.
import { View, type Runtime, type ViewOptions } from 'vega';
import embed, { type EmbedOptions, type Result, type VisualizationSpec } from 'vega-embed/build/vega-embed.module.js';
import { expressionInterpreter } from 'vega-interpreter';

/** vega-embed 6.17 takes `expr` from `vega.expressionInterpreter`, which vega 5.20 lacks; a View subclass supplies it. */
class InterpretedView extends View {
  constructor(runtime: Runtime, options?: ViewOptions) {
    super(runtime, { ...options, expr: expressionInterpreter });
  }
}

export default function embedWithoutEval(element: HTMLElement | string, spec: VisualizationSpec | string, options: EmbedOptions = {}): Promise<Result> {
  return embed(element, spec, { ...options, ast: true, viewClass: InterpretedView });
}
