// pptxgenjs's types describe a CommonJS default export, while Node loads its ES build whose
// default is the class itself; this is the one place that bridges the two.
import pptxgenModule from 'pptxgenjs';

type PptxClass = (typeof pptxgenModule)['default'];
export type Pptx = InstanceType<PptxClass>;
export type PptxSlide = ReturnType<Pptx['addSlide']>;
export const PptxGenJS = pptxgenModule as unknown as PptxClass;
