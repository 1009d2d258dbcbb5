// Entry of `/esikatselu/<id>`: the respondent's page with a draft's file, in a frame of the survey
// editor's preview tab. An HTML entry of its own (client/preview.html) rather than a route of the
// form's entry, so that the respondents' page does not carry even the route check and the lazy
// import: it shares the form's modules (survey-core, the model set-up, the layout) as chunks.
import { mount } from '../../../respond/mount.tsx';
import PreviewPage from './PreviewPage.tsx';

mount(<PreviewPage />);
