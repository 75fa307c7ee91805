extension LegacyTopology {
    /// Reads every entity with `MEDIA_IOC_ENUM_ENTITIES` and its pads and links with
    /// `MEDIA_IOC_ENUM_LINKS`, as media-ctl does.
    package init(reading source: some MediaDataSource) throws(MediaError) {
        var entities: [LegacyEntity] = []
        for desc in try source.rawEntities() {
            entities.append(LegacyEntity(desc, links: try source.rawLinks(of: desc)))
        }
        self.init(entities: entities)
    }
}
