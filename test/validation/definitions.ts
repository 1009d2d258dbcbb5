/**
 * Definitions written for these tests: one question of every type the seed surveys need, and a
 * seed-like ~40-question wellbeing survey with the kind of logic the real one has (shown-if,
 * required-if, "other" answers, none items, matrices, an expression score).
 */

export const everyType = {
  pages: [
    {
      name: 'basics',
      elements: [
        { type: 'radiogroup', name: 'area', isRequired: true, choices: ['north', 'south', 'east'], showOtherItem: true },
        { type: 'checkbox', name: 'hobbies', choices: ['sport', 'music', 'games'], showOtherItem: true, showNoneItem: true, maxSelectedChoices: 3, minSelectedChoices: 1 },
        { type: 'dropdown', name: 'municipality', choices: [{ value: '564', text: 'Oulu' }, { value: '139', text: 'Ii' }] },
        { type: 'boolean', name: 'student', isRequired: true },
        { type: 'rating', name: 'happiness', rateMin: 1, rateMax: 5 },
        { type: 'text', name: 'age', inputType: 'number', min: 12, max: 120, isRequired: true },
        { type: 'comment', name: 'feedback', maxLength: 200 },
        { type: 'tagbox', name: 'tags', choices: ['a', 'b', 'c'] },
      ],
    },
    {
      name: 'grids',
      elements: [
        { type: 'matrix', name: 'services', rows: ['health', 'school'], columns: [1, 2, 3, 4, 5], isAllRowRequired: true },
        {
          type: 'matrixdropdown', name: 'usage', rows: ['library', 'pool'],
          columns: [
            { name: 'times', cellType: 'text', inputType: 'number', validators: [{ type: 'numeric', minValue: 0, maxValue: 365 }] },
            { name: 'rating', cellType: 'dropdown', choices: [1, 2, 3] },
            { name: 'with', cellType: 'checkbox', choices: ['family', 'friends'] },
          ],
        },
        { type: 'multipletext', name: 'contact', items: [{ name: 'city', isRequired: true }, { name: 'zip', validators: [{ type: 'regex', regex: '^\\d{5}$' }] }] },
        { type: 'ranking', name: 'priorities', choices: ['housing', 'jobs', 'transport'] },
        { type: 'expression', name: 'ageNextYear', expression: '{age} + 1' },
        { type: 'text', name: 'email', inputType: 'email', visibleIf: '{student} = true' },
      ],
    },
  ],
};

const likert = [1, 2, 3, 4, 5];
const agree = [
  { value: 1, text: 'Täysin eri mieltä' }, { value: 2, text: 'Jokseenkin eri mieltä' }, { value: 3, text: 'Ei samaa eikä eri mieltä' },
  { value: 4, text: 'Jokseenkin samaa mieltä' }, { value: 5, text: 'Täysin samaa mieltä' },
];
const municipalities = ['564', '139', '071', '072', '105', '208', '244', '245', '257', '305'];

/** Shaped like "Minun arkeni ja elämäni": background, wellbeing, services, change areas, open answers. */
export const wellbeing = {
  title: 'Minun arkeni ja elämäni',
  calculatedValues: [{ name: 'isYoung', expression: "{age} < 18" }],
  pages: [
    {
      name: 'background',
      elements: [
        { type: 'dropdown', name: 'municipality', isRequired: true, choices: municipalities },
        { type: 'radiogroup', name: 'gender', isRequired: true, choices: ['female', 'male', 'other', 'not_say'] },
        { type: 'text', name: 'age', inputType: 'number', min: 12, max: 110, isRequired: true },
        { type: 'radiogroup', name: 'role', choices: ['pupil', 'student', 'working', 'unemployed', 'retired'], showOtherItem: true, isRequired: true },
        { type: 'text', name: 'school', visibleIf: "{role} anyof ['pupil', 'student']", requiredIf: "{role} = 'pupil'", maxLength: 80 },
        { type: 'boolean', name: 'children', visibleIf: '{age} >= 18' },
        { type: 'text', name: 'childCount', inputType: 'number', min: 1, max: 15, visibleIf: '{children} = true', isRequired: true },
        { type: 'radiogroup', name: 'household', choices: ['alone', 'partner', 'family', 'shared'], visibleIf: '{isYoung} = false' },
      ],
    },
    {
      name: 'wellbeing',
      elements: [
        { type: 'rating', name: 'lifeSatisfaction', rateMin: 0, rateMax: 10, isRequired: true },
        { type: 'rating', name: 'health', rateValues: likert },
        {
          type: 'matrix', name: 'feelings', isAllRowRequired: true,
          rows: ['lonely', 'safe', 'stressed', 'hopeful'], columns: agree,
        },
        { type: 'checkbox', name: 'worries', choices: ['money', 'health', 'work', 'climate', 'family'], showNoneItem: true, showOtherItem: true },
        { type: 'comment', name: 'worriesMore', visibleIf: "{worries} contains 'money'", maxLength: 500 },
        { type: 'boolean', name: 'needHelp', labelTrue: 'Kyllä', labelFalse: 'Ei' },
        {
          type: 'panel', name: 'helpPanel', visibleIf: '{needHelp} = true',
          elements: [
            { type: 'checkbox', name: 'helpFrom', choices: ['family', 'friends', 'school', 'health centre', 'church', 'online'], isRequired: true, maxSelectedChoices: 3 },
            { type: 'text', name: 'helpWhy', visibleIf: "{panel.helpFrom} contains 'online'" },
          ],
        },
        { type: 'radiogroup', name: 'sleep', choices: ['<6', '6-7', '7-8', '>8'] },
        { type: 'radiogroup', name: 'exercise', choices: [0, 1, 2, 3, 4, 5, 6, 7] },
      ],
    },
    {
      name: 'services',
      elements: [
        {
          type: 'matrixdropdown', name: 'serviceUse', rows: ['health centre', 'library', 'youth centre', 'sports'],
          columns: [
            { name: 'used', cellType: 'boolean' },
            { name: 'grade', cellType: 'rating', rateMin: 4, rateMax: 10 },
            { name: 'visits', cellType: 'text', inputType: 'number', validators: [{ type: 'numeric', minValue: 0, maxValue: 365 }] },
          ],
        },
        { type: 'tagbox', name: 'digital', choices: ['omakanta', 'chat', 'video', 'app'] },
        { type: 'dropdown', name: 'distance', choices: ['<1 km', '1-5 km', '5-20 km', '>20 km'] },
        { type: 'radiogroup', name: 'transport', choices: ['walk', 'bike', 'bus', 'car'], showOtherItem: true },
        { type: 'text', name: 'serviceMissing', maxLength: 200 },
      ],
    },
    {
      name: 'change',
      elements: [
        {
          type: 'checkbox', name: 'changeAreas', isRequired: true, minSelectedChoices: 1, maxSelectedChoices: 3,
          choices: ['housing', 'jobs', 'transport', 'health', 'education', 'culture', 'environment', 'safety'],
        },
        { type: 'ranking', name: 'changeOrder', choicesFromQuestion: 'changeAreas', choicesFromQuestionMode: 'selected', visibleIf: '{changeAreas.length} > 1' },
        { type: 'comment', name: 'changeWhy', maxLength: 1000 },
        { type: 'multipletext', name: 'ideas', items: [{ name: 'first' }, { name: 'second' }, { name: 'third' }] },
        { type: 'text', name: 'contactEmail', inputType: 'email', visibleIf: '{wantsContact} = true' },
        { type: 'boolean', name: 'wantsContact' },
        { type: 'text', name: 'phone', validators: [{ type: 'regex', regex: '^\\+?[0-9 ]{6,15}$' }], visibleIf: '{wantsContact} = true' },
        { type: 'checkbox', name: 'topics', choices: ['a', 'b', { value: 'c', visibleIf: "{municipality} = '564'" }], choicesVisibleIf: "{item} != 'b' or {age} > 15" },
        { type: 'expression', name: 'wellbeingScore', expression: "iif({lifeSatisfaction} notempty, {lifeSatisfaction} * 10, 0)" },
        { type: 'expression', name: 'ageGroup', expression: "iif({age} < 18, 'young', iif({age} < 65, 'adult', 'senior'))" },
        { type: 'html', name: 'thanks', html: '<p>Kiitos!</p>' },
      ],
    },
  ],
};
