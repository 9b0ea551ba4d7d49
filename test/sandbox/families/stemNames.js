'use strict';
/* The stemName values of split_stem_advanced (family ref §8, Kie's OpenAPI catalog), for the Kie SANDBOX (local test double, not Kie). */

const STEM_NAMES = [
	'Lead Vocal', 'Drum Kit', 'Kick', 'Snare', 'Risers', 'Bass', 'Backing Vocals', 'Piano', 'Electric Guitar', 'Percussion',
	'String Section', 'Synth', 'Acoustic Guitar', 'Sound Effects', 'Synth Pad', 'Synth Bass', 'Guitar', 'Brass Section', 'Organ',
	'Electronic Drum Kit', 'Lead Electric Guitar', 'Synth Keys', 'Rhythm Electric Guitar', 'Electric Piano', 'Upright Bass',
	'Keyboards', 'Distorted Electric Guitar', 'Synth Strings', 'Synth Lead', 'Woodwinds', 'Rhythm Acoustic Guitar', 'Flute', 'Harp',
	'Tambourine', 'Trumpet', 'Arpeggiator', 'Accordion', 'Fiddle', 'Pedal Steel Guitar', 'Synth Voice', 'Violin', 'Digital Piano',
	'Synth Brass', 'Mandolin', 'Choir', 'Banjo', 'Bells', 'Clarinet', 'Tenor Saxophone', 'Trombone', 'Shaker', 'French Horn',
	'Glockenspiel', 'Electric Bass', 'Cello', 'Timpani', 'Harmonica', 'Marimba', 'Vibraphone', 'Lap Steel Guitar', 'Saxophone',
	'Orchestra', 'Horns', 'Cymbals', 'Hand Clap', 'Oboe', 'Celesta', 'Congas', 'Drone', 'Alto Saxophone', 'Double Bass', 'Ukulele',
	'Harpsichord', 'Baritone Saxophone', 'Xylophone', 'Tuba', 'Bass Guitar', 'Whistle', 'Lead Guitar', 'Rhodes', '808', 'Bongos',
	'Bassoon', 'Cowbell', 'Viola', 'Sitar', 'Steel Drums', 'Piccolo', 'Theremin', 'Bagpipes', 'Hi-Hat', 'Music Box', 'Melodica',
	'Tabla', 'Koto', 'Djembe', 'Taiko', 'Didgeridoo',
];

module.exports = { STEM_NAMES };
