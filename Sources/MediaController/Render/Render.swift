// Render: Model values as text: the media-ctl layout, the text view, JSON, DOT, lists,
// apply files, events. Nothing here reaches a device.
//
// May use: Model.
// Imports: FoundationEssentials.
